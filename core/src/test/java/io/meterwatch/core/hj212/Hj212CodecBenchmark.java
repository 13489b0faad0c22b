package io.meterwatch.core.hj212;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.testing.SharedReference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How many packets per second one thread decodes: the shared samples' 813-byte hourly flue-gas
 * packet (9 parameters) through {@code Hj212Codec.decode}, beside the same reading as canonical
 * JSON through {@code ReadingJson.read}. Run on demand (excluded from {@code mvn verify}): {@code
 * mvn -o -pl core verify -Dtest=Hj212CodecBenchmark -Dspotless.check.skip=true}. Results:
 * docs/performance.md.
 */
class Hj212CodecBenchmark {

  private static final int WARM_UP = 50_000;
  private static final int MEASURED = 200_000;

  @Test
  void decodeThroughput() throws Exception {
    String frame =
        SharedReference.hj212Samples().stream()
            .filter(s -> s.frame().contains("NEWPROTOCOLTEST000000092"))
            .findFirst()
            .orElseThrow()
            .frame();
    Hj212Codec codec = new Hj212Codec();
    Instant now = Instant.parse("2021-07-22T06:00:00Z");
    Reading reading = codec.decode(frame, now);
    ReadingJson json = new ReadingJson();
    byte[] jsonBytes = json.write(reading);
    assertThat(json.read(jsonBytes, now)).isEqualTo(reading);

    double hj = measure(() -> codec.decode(frame, now));
    double js = measure(() -> json.read(jsonBytes, now));
    double crc = measure(() -> Hj212Codec.crc(frame));
    int hjBytes = frame.getBytes(StandardCharsets.UTF_8).length;
    System.out.printf(
        Locale.ROOT,
        "HJ 212 decode  : %,10.0f packets/s (%d bytes, %.1f MB/s)%n"
            + "JSON read      : %,10.0f readings/s (%d bytes, %.1f MB/s)  [comparison]%n"
            + "CRC alone      : %,10.0f frames/s%n",
        hj,
        hjBytes,
        hj * hjBytes / 1e6,
        js,
        jsonBytes.length,
        js * jsonBytes.length / 1e6,
        crc);
  }

  private interface Op {
    Object run() throws Exception;
  }

  private static double measure(Op op) throws Exception {
    Object sink = null;
    for (int i = 0; i < WARM_UP; i++) {
      sink = op.run();
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < MEASURED; i++) {
      sink = op.run();
    }
    long t1 = System.nanoTime();
    assertThat(sink).isNotNull();
    return MEASURED / ((t1 - t0) / 1e9);
  }
}
