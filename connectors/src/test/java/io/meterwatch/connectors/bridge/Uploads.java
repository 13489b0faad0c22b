package io.meterwatch.connectors.bridge;

import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.T0;

import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.hj212.Hj212Packet;
import io.meterwatch.core.hj212.Hj212Packet.Field;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What meters upload, for bridge tests: HJ 212 frames and canonical JSON readings of demo-city
 * meters, each with a unique QN so tests can count them one by one, and the broken variants.
 */
final class Uploads {
  static final SiteRegistry REGISTRY = RegistryLoader.loadDefault();
  static final Hj212Codec CODEC = new Hj212Codec();
  static final ReadingJson JSON = new ReadingJson();

  /** The demo city's kiln-tail stack of Ankang Hanjiang Cement. */
  static final String MN = "610902G0010001";

  static final String PW = "415511";

  /** The kiln-head stack of the same plant. */
  static final String OTHER_MN = "610902G0010002";

  /** Flag 4: HJ 212-2017, no reply asked; 5: reply asked. */
  static final int NO_ACK = 4;

  static final int ACK = 5;

  private Uploads() {}

  /** The MQTT topic a meter publishes its data on. */
  static String topic(String mn) {
    return "meters/" + mn + "/data";
  }

  /** A 17-digit QN that encodes a test sequence number. */
  static String qn(long n) {
    return String.valueOf(20250310080000000L + n);
  }

  /** The sequence number back from a QN. */
  static long seq(String qn) {
    return Long.parseLong(qn) - 20250310080000000L;
  }

  /** A real-time reading with SO2 and O2, QN encoding {@code n}. */
  static Reading reading(String mn, long n, double so2) {
    return io.meterwatch.core.testing.Fixtures.reading(mn, T0.plusSeconds(n % 86_400))
        .rtd(SO2, so2)
        .rtd(O2, 10.5)
        .qn(qn(n))
        .build();
  }

  /** An HJ 212 frame of meter {@code mn} with its registered password. */
  static String frame(String mn, long n, int flag) {
    return CODEC.encodeReading(reading(mn, n, 40 + n % 50), password(mn), flag);
  }

  static String password(String mn) {
    return REGISTRY.meter(mn).orElseThrow().password();
  }

  /** The canonical JSON of a reading of {@code mn}. */
  static byte[] json(String mn, long n) {
    return JSON.write(reading(mn, n, 40 + n % 50));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every registered flue-gas outlet MN of the demo city (a fleet to spread load over). */
  static List<String> fleet() {
    return REGISTRY.meterNumbers().stream().filter(m -> m.contains("G")).sorted().toList();
  }

  /** The two halves of a split packet (Flag with bits D and A, PNUM=2, PNO=1 and 2). */
  static List<String> splitFrames(String mn, long n) {
    Hj212Packet whole =
        CODEC.toPacket(reading(mn, n, 41), password(mn), ACK | Hj212Packet.FLAG_SPLIT);
    List<List<Field>> cp = whole.cp(); // [DataTime], [SO2 item], [O2 item]
    return List.of(
        CODEC.encode(part(whole, 1, List.of(cp.get(0), cp.get(1)))),
        CODEC.encode(part(whole, 2, List.of(cp.get(0), cp.get(2)))));
  }

  private static Hj212Packet part(Hj212Packet whole, int pno, List<List<Field>> cp) {
    return new Hj212Packet(
        whole.qn(), whole.st(), whole.cn(), whole.pw(), whole.mn(), whole.flag(), 2, pno, cp);
  }
}
