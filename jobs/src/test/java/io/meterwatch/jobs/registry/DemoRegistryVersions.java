package io.meterwatch.jobs.registry;

import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.RegistryVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Three registry documents made from the demo city, for the tests of a job that follows the
 * registry topic. Version 1 lacks enterprise 40 (boiler stack {@link #MN}, outlet {@link #OUTLET},
 * county hanbin, GB 13271-2014 in-use coal: SO2 400 mg/m3 at 9 % O2); version 2 is the whole demo
 * city; version 3 lowers that outlet's SO2 limit to 200 mg/m3 from 2025-03-11.
 */
public final class DemoRegistryVersions {
  public static final String MN = "610902G0400001";
  public static final String OUTLET = "hanbin-building-DA001";

  private static final String ANCHOR =
      "        mn: 610902G0400001\n        password: \"391698\"\n"
          + "        standard: GB13271-2014-in-use-coal\n";

  private DemoRegistryVersions() {}

  /** The whole demo city. */
  public static String v2() throws IOException {
    try (InputStream in =
        RegistryLoader.class.getResourceAsStream(RegistryLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The demo city without enterprise 40 (the last one in the file). */
  public static String v1() throws IOException {
    String full = v2();
    int cut = full.indexOf("  # 40. Ankang Hanbin Building Materials");
    if (cut < 0) {
      throw new IllegalStateException("the demo city no longer has enterprise 40 where expected");
    }
    return full.substring(0, cut);
  }

  /** The demo city with enterprise 40's SO2 limit lowered to 200 mg/m3 from 2025-03-11. */
  public static String v3() throws IOException {
    String full = v2();
    if (!full.contains(ANCHOR)) {
      throw new IllegalStateException("the demo city no longer has " + MN + " as expected");
    }
    return full.replace(
        ANCHOR,
        ANCHOR
            + "        limitVersions:\n"
            + "          - {parameter: a21026, value: 200, from: 2025-03-11}\n");
  }

  /** A registry version record as {@code registry publish} writes it. */
  public static ProducerRecord<byte[], byte[]> record(String topic, long version, String document) {
    RegistryVersion v =
        RegistryVersion.of(version, "test", Instant.parse("2025-03-01T00:00:00Z"), document);
    return new ProducerRecord<>(
        topic, RegistryVersion.key(v.version()).getBytes(StandardCharsets.UTF_8), v.toJson());
  }
}
