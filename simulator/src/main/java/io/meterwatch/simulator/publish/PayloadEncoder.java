package io.meterwatch.simulator.publish;

import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.time.LocalCalendar;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes readings as devices publish them, with the core codecs, and corrupts packets the way
 * broken devices and links do. HJ 212 packets use Flag 4 (version 2017, no acknowledgement asked).
 */
public final class PayloadEncoder {
  /** HJ 212 Flag: version 2017 ({@code 000001}), no ack requested, not split. */
  public static final int FLAG = 4;

  /** Password of devices the registry gives none. */
  public static final String DEFAULT_PASSWORD = "123456";

  private final PayloadFormat format;
  private final Hj212Codec hj212;
  private final ReadingJson json;

  public PayloadEncoder(PayloadFormat format, LocalCalendar calendar) {
    this.format = format;
    this.hj212 = new Hj212Codec(calendar);
    this.json = new ReadingJson(calendar, ReadingJson.DEFAULT_MAX_FUTURE_SKEW);
  }

  public PayloadFormat format() {
    return format;
  }

  /** The payload of a reading in the run's format. */
  public byte[] encode(Reading r, String password) {
    return format == PayloadFormat.HJ212 ? hj212Bytes(r, password) : json.write(r);
  }

  private byte[] hj212Bytes(Reading r, String password) {
    return hj212
        .encodeReading(r, password == null ? DEFAULT_PASSWORD : password, FLAG)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A corrupted payload for a reading and the reason a receiver must reject it with.
   *
   * @param variant bad-crc, wrong-length, truncated (HJ 212 frames, whatever the run's format:
   *     link-level corruption) or bad-json
   */
  public Corrupted corrupt(String variant, Reading r, String password) {
    if (variant.equals("bad-json")) {
      byte[] j = json.write(r);
      // cut inside the values object: never a complete JSON document
      int cut = j.length * 3 / 5;
      return new Corrupted(java.util.Arrays.copyOf(j, cut), ReasonCode.BAD_JSON);
    }
    String frame = new String(hj212Bytes(r, password), StandardCharsets.UTF_8);
    String body = frame.substring(0, frame.length() - 2); // without CR LF
    String head = body.substring(0, body.length() - 4);
    String crc = body.substring(body.length() - 4);
    return switch (variant) {
      case "bad-crc" -> {
        int wrong = (Integer.parseInt(crc, 16) + 1) & 0xFFFF;
        yield new Corrupted(
            bytes(head + String.format(Locale.ROOT, "%04X", wrong) + "\r\n"),
            ReasonCode.CRC_MISMATCH);
      }
      case "wrong-length" -> {
        int declared = Integer.parseInt(body.substring(2, 6));
        String bad = String.format(Locale.ROOT, "%04d", (declared + 1) % 10_000);
        yield new Corrupted(
            bytes("##" + bad + body.substring(6) + "\r\n"), ReasonCode.LENGTH_MISMATCH);
      }
      case "truncated" -> {
        // Cut after a ';' in the CP area: the frame then ends without && and CRC, and its last
        // four characters are not hex digits.
        int cut = body.lastIndexOf(';', body.length() * 3 / 5);
        yield new Corrupted(bytes(body.substring(0, cut + 1)), ReasonCode.BAD_FRAME);
      }
      default -> throw new IllegalArgumentException("unknown malformed variant " + variant);
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A corrupted payload and the reason code it must be rejected with. */
  public record Corrupted(byte[] payload, ReasonCode reason) {}
}
