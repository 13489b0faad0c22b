package io.meterwatch.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.json.DeadLetterJson;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.testing.SharedReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Feeds the bridge's validator (and through it the HJ 212 and JSON decoders) a million packets made
 * from the shared samples and the test fleet's uploads by bit flips, truncations, insertions, huge
 * numbers, PNUM bombs, bad UTF-8, repeated and nested fields, most of them re-framed with a correct
 * length and CRC so that they reach the field-level code. Every packet must be decoded or rejected
 * with a reason code: no other exception (the validator's catch-all "cannot decode" counts as one),
 * no packet over the time budget, split packets held only until their timeout, every dead letter
 * within a fixed size. The seed and the count are printed; a failure is shrunk to a small packet,
 * printed as a Java literal to keep in {@link #REGRESSIONS}.
 *
 * <p>{@code -Dfuzz.seed=N -Dfuzz.count=N} replay or extend a run.
 */
class UploadFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20_212L);
  private static final int COUNT = Integer.getInteger("fuzz.count", 1_000_000);
  private static final Instant T0 = Instant.parse("2025-03-10T00:00:00Z");

  /** A packet has this long, whatever it holds; generous for a shared two-core machine. */
  private static final long BUDGET_NANOS = Duration.ofSeconds(2).toNanos();

  /** A dead letter's JSON is at most this long: base64 of the cap, plus text fields. */
  private static final int MAX_DEAD_LETTER_BYTES =
      MqttKafkaBridge.DEFAULT_MAX_PAYLOAD_BYTES * 4 / 3 + 4 * DeadLetter.MAX_TEXT_CHARS;

  /** Packets that once failed this test (shrunk), checked first on every run. */
  static final List<String> REGRESSIONS =
      List.of(
          // a 9-digit PNUM made the reassembler list 999 999 999 missing parts on expiry
          Hj212Codec.frame(
              "QN=1;ST=31;CN=2011;PW=1;MN=M1;Flag=7;PNUM=999999999;PNO=1;CP=&&DataTime=20250310000000&&"),
          // an exponent of nine digits made exact decimal printing run out of memory
          Hj212Codec.frame(
              "QN=1;ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20250310000000;a21026-Rtd=1e-999999999&&"));

  private static final String[] TOKENS = {
    ";",
    ",",
    "=",
    "&&",
    "##",
    "-",
    "CP=&&",
    "PNUM=999999999;PNO=1;",
    "PNUM=2;PNO=3;",
    "Flag=7;",
    "1e-999999999",
    "9".repeat(400),
    "-0",
    "NaN",
    "Infinity",
    "0x1F",
    "DataTime=99991231235959",
    "DataTime=20250310000000",
    "a21026-Rtd=",
    "a21026-Flag=Z",
    "-Rtd=1,",
    "\u0000",
    "\r\n",
    "\\r\\n",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\":",
    "null",
    "1e400",
    "\"mn\":",
    "\"samples\":{",
  };

  private static final byte[][] BAD_UTF8 = {
    {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F}
  };

  private static final Pattern MN = Pattern.compile("MN=([^;&]*)");
  private static final Pattern NUMBER = Pattern.compile("=(-?\\d+(\\.\\d+)?)");
  private static final Pattern JSON_MN = Pattern.compile("\"mn\":\"([^\"]*)\"");

  private final SplittableRandom random = new SplittableRandom(SEED);
  private final DeadLetterJson deadLetters = new DeadLetterJson();
  private final ReadingJson readings = new ReadingJson();
  private final Map<ReasonCode, Integer> reasons = new EnumMap<>(ReasonCode.class);
  private int accepted;
  private int held;
  private long slowest;

  @Test
  void aMillionMutatedPacketsAreEachDecodedOrRejectedWithAReason() {
    System.out.printf("UploadFuzzTest: seed %d, count %d%n", SEED, COUNT);
    List<byte[]> corpus = corpus();
    // one validator without a registry (reaches the deepest code), one with the test fleet's
    UploadValidator open = validator(null);
    UploadValidator registered = validator(Uploads.REGISTRY);
    Instant now = T0;
    for (String r : REGRESSIONS) {
      check(open, r.getBytes(StandardCharsets.UTF_8), now);
    }
    long started = System.nanoTime();
    for (int i = 0; i < COUNT; i++) {
      byte[] seed = corpus.get(random.nextInt(corpus.size()));
      byte[] packet = mutate(seed);
      now = now.plusMillis(1);
      check(i % 4 == 0 ? registered : open, packet, now);
      if (i % 50_000 == 49_999) {
        // every held split part times out: the reassembler's state is bounded by the timeout
        now = now.plusSeconds(20);
        expireAll(open, now);
        expireAll(registered, now);
        assertThat(open.pendingSplitPackets() + registered.pendingSplitPackets()).isZero();
      }
    }
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    System.out.printf(
        "UploadFuzzTest: %d packets in %d s, %d accepted, %d held as split parts, slowest %.1f ms,"
            + " rejected %s%n",
        COUNT, seconds, accepted, held, slowest / 1e6, reasons);
    // the mutations reach every stage: frames, fields, readings, physical ranges, size cap
    assertThat(accepted).isGreaterThan(COUNT / 100);
    assertThat(reasons)
        .containsKeys(
            ReasonCode.BAD_FRAME,
            ReasonCode.LENGTH_MISMATCH,
            ReasonCode.CRC_MISMATCH,
            ReasonCode.BAD_FIELD,
            ReasonCode.BAD_JSON,
            ReasonCode.SPLIT_TIMEOUT,
            ReasonCode.PAYLOAD_TOO_LARGE);
  }

  private static UploadValidator validator(io.meterwatch.core.registry.SiteRegistry registry) {
    MqttKafkaBridgeBuilder b = MqttKafkaBridge.builder().splitTimeout(Duration.ofSeconds(10));
    if (registry != null) {
      b.registry(registry);
    }
    return b.validator();
  }

  private void expireAll(UploadValidator v, Instant now) {
    for (UploadValidator.Rejected r : v.expire(now)) {
      outcome(r, null);
    }
  }

  /** Runs one packet; on a failure, shrinks it and fails with the smallest failing packet. */
  private void check(UploadValidator v, byte[] packet, Instant now) {
    String problem = problem(v, packet, now);
    if (problem != null) {
      byte[] small = shrink(packet, now, problem);
      throw new AssertionError(
          problem
              + " (seed "
              + SEED
              + ") for the packet, shrunk from "
              + packet.length
              + " bytes; keep it in REGRESSIONS:\n"
              + javaLiteral(small));
    }
  }

  /** What is wrong with the validator's answer to a packet, or null. */
  private String problem(UploadValidator v, byte[] packet, Instant now) {
    InboundMessage m = new InboundMessage(topicFor(packet), packet, 1, 1, now);
    long t0 = System.nanoTime();
    UploadValidator.Outcome o;
    try {
      o = v.accept(m);
    } catch (Throwable t) {
      return "threw " + t;
    }
    long took = System.nanoTime() - t0;
    slowest = Math.max(slowest, took);
    if (took > BUDGET_NANOS) {
      return "took " + took / 1_000_000 + " ms";
    }
    return outcome(o, packet);
  }

  private String outcome(UploadValidator.Outcome o, byte[] packet) {
    if (o instanceof UploadValidator.Accepted a) {
      accepted++;
      // the size checks sample one outcome in 16: they bound by construction, and writing JSON
      // for every packet would double the run time
      if (accepted % 16 == 0
          && readings.write(a.reading()).length > 4 * MqttKafkaBridge.DEFAULT_MAX_PAYLOAD_BYTES) {
        return "a reading's JSON is unbounded";
      }
      return null;
    }
    if (o instanceof UploadValidator.Held) {
      held++;
      return null;
    }
    if (o instanceof UploadValidator.Rejected r) {
      if (r.error() == null || r.error().reason() == null) {
        return "rejected without a reason";
      }
      if (String.valueOf(r.error().getMessage()).startsWith("cannot decode")) {
        return "unexpected exception: " + r.error().getCause();
      }
      reasons.merge(r.error().reason(), r.messages().size(), Integer::sum);
      if (r.error().reason() != ReasonCode.PAYLOAD_TOO_LARGE && random.nextInt(16) != 0) {
        return null;
      }
      for (InboundMessage part : r.messages()) {
        DeadLetter d =
            DeadLetter.bounded(
                part.payload(),
                part.topic(),
                part.receiveTime(),
                r.error().reason(),
                r.error().getMessage(),
                r.error().reason() == ReasonCode.PAYLOAD_TOO_LARGE
                    ? BridgeSettings.TRUNCATED_COPY_BYTES
                    : MqttKafkaBridge.DEFAULT_MAX_PAYLOAD_BYTES);
        if (deadLetters.write(d).length > MAX_DEAD_LETTER_BYTES) {
          return "a dead letter over " + MAX_DEAD_LETTER_BYTES + " bytes";
        }
      }
      return null;
    }
    return "no outcome: " + o;
  }

  /** The topic of the MN the packet names, so that most packets pass the topic check. */
  private static String topicFor(byte[] packet) {
    String text = new String(packet, 0, Math.min(packet.length, 2000), StandardCharsets.UTF_8);
    Matcher m = (text.startsWith("{") ? JSON_MN : MN).matcher(text);
    String mn = m.find() ? m.group(1) : "M1";
    if (mn.isEmpty() || mn.contains("/") || mn.contains("+") || mn.contains("#")) {
      mn = "M1";
    }
    return "meters/" + mn + "/data";
  }

  // ---------------------------------------------------------------- corpus and mutations

  private static List<byte[]> corpus() {
    List<byte[]> c = new ArrayList<>();
    for (SharedReference.Hj212Sample s : SharedReference.hj212Samples()) {
      c.add(s.frame().getBytes(StandardCharsets.UTF_8));
    }
    List<String> fleet = Uploads.fleet();
    for (int i = 0; i < 20; i++) {
      String mn = fleet.get(i % fleet.size());
      c.add(Uploads.bytes(Uploads.frame(mn, i, i % 2 == 0 ? Uploads.ACK : Uploads.NO_ACK)));
      c.add(Uploads.json(mn, i));
      for (String part : Uploads.splitFrames(mn, 100 + i)) {
        c.add(Uploads.bytes(part));
      }
    }
    return c;
  }

  private byte[] mutate(byte[] seed) {
    byte[] p = seed;
    int rounds = 1 + random.nextInt(3);
    for (int r = 0; r < rounds; r++) {
      p = mutateOnce(p);
    }
    // most packets get a correct frame around the mutated segment, so that they reach the field
    // checks instead of stopping at the CRC
    if (random.nextInt(4) != 0) {
      p = reframe(p);
    }
    return p;
  }

  private byte[] mutateOnce(byte[] p) {
    int at = p.length == 0 ? 0 : random.nextInt(p.length);
    switch (random.nextInt(11)) {
      case 0 -> { // bit flip
        if (p.length > 0) {
          p = p.clone();
          p[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> p = java.util.Arrays.copyOf(p, at); // truncation
      case 2 -> p = insert(p, at, ascii(TOKENS[random.nextInt(TOKENS.length)]));
      case 3 -> p = insert(p, at, BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
      case 4 -> { // random bytes
        byte[] junk = new byte[1 + random.nextInt(16)];
        for (int i = 0; i < junk.length; i++) {
          junk[i] = (byte) random.nextInt(256);
        }
        p = insert(p, at, junk);
      }
      case 5 -> p = replaceNumber(p);
      case 6 -> p = repeatRange(p, at); // repeated and nested fields
      case 7 -> { // delete a range
        int end = Math.min(p.length, at + 1 + random.nextInt(20));
        p = concat(java.util.Arrays.copyOf(p, at), java.util.Arrays.copyOfRange(p, end, p.length));
      }
      case 8 -> { // a header field's value replaced by a long one
        p = replaceAll(p, "PNUM=2", "PNUM=" + "9".repeat(1 + random.nextInt(12)));
      }
      case 9 -> { // rarely, an oversized payload (a few per thousand: the cap is checked first)
        if (random.nextInt(100) == 0) {
          p = concat(p, new byte[MqttKafkaBridge.DEFAULT_MAX_PAYLOAD_BYTES]);
        }
      }
      default -> { // deep nesting, now and then beyond Jackson's limit of 1000
        int depth = random.nextInt(10) == 0 ? 3000 : random.nextInt(50);
        p = insert(p, at, ascii("[".repeat(depth)));
      }
    }
    return p;
  }

  /** Replaces one number in the packet with a huge, tiny, long or malformed one. */
  private byte[] replaceNumber(byte[] p) {
    String s = new String(p, StandardCharsets.ISO_8859_1);
    Matcher m = NUMBER.matcher(s);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      spans.add(new int[] {m.start(1), m.end(1)});
    }
    if (spans.isEmpty()) {
      return p;
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    String[] huge = {
      "1e-999999999",
      "1e-20000",
      "1e308",
      "1e309",
      "9".repeat(20 + random.nextInt(500)),
      "0." + "0".repeat(40) + "1",
      "-1e99",
      "1.5e2",
      "00000000000000000000000000000001",
      "-0.0",
      String.valueOf(random.nextLong()),
      "999999999"
    };
    String value = huge[random.nextInt(huge.length)];
    return (s.substring(0, span[0]) + value + s.substring(span[1]))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private byte[] repeatRange(byte[] p, int at) {
    int end = Math.min(p.length, at + 1 + random.nextInt(60));
    byte[] range = java.util.Arrays.copyOfRange(p, at, end);
    int times = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 4);
    byte[] out = p;
    for (int i = 0; i < times && out.length < 200_000; i++) {
      out = insert(out, end, range);
    }
    return out;
  }

  /** Puts a correct HJ 212 length and CRC around the data segment, when it still has one. */
  private static byte[] reframe(byte[] p) {
    String s = new String(p, StandardCharsets.UTF_8);
    if (!s.startsWith("##") || s.length() < 12) {
      return p;
    }
    String body = s.strip();
    while (body.endsWith("\\r\\n")) {
      body = body.substring(0, body.length() - 4);
    }
    if (body.length() < 10) {
      return p;
    }
    String segment = body.substring(6, body.length() - 4);
    if (segment.getBytes(StandardCharsets.UTF_8).length > Hj212Codec.MAX_DATA_SEGMENT_BYTES) {
      return p;
    }
    return Hj212Codec.frame(segment).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] replaceAll(byte[] p, String from, String to) {
    return new String(p, StandardCharsets.ISO_8859_1)
        .replace(from, to)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] insert(byte[] p, int at, byte[] what) {
    byte[] out = new byte[p.length + what.length];
    System.arraycopy(p, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(p, at, out, at + what.length, p.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return insert(a, a.length, b);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- shrinking

  /** Removes ever smaller ranges of bytes while the packet still fails the same way. */
  private byte[] shrink(byte[] packet, Instant now, String problem) {
    String kind = problem.split(" ")[0];
    byte[] best = packet;
    for (int chunk = Math.max(1, best.length / 2); chunk >= 1; chunk /= 2) {
      boolean progress = true;
      while (progress) {
        progress = false;
        for (int at = 0; at + chunk <= best.length; at += chunk) {
          byte[] candidate =
              concat(
                  java.util.Arrays.copyOf(best, at),
                  java.util.Arrays.copyOfRange(best, at + chunk, best.length));
          String p = problem(validator(null), candidate, now);
          if (p != null && p.startsWith(kind)) {
            best = candidate;
            progress = true;
            break;
          }
        }
      }
    }
    return best;
  }

  private static String javaLiteral(byte[] p) {
    StringBuilder b = new StringBuilder("\"");
    for (byte x : p) {
      int c = x & 0xFF;
      if (c >= 32 && c < 127 && c != '"' && c != '\\') {
        b.append((char) c);
      } else {
        b.append(String.format("\\u%04x", c));
      }
    }
    return b.append('"').toString();
  }
}
