package io.meterwatch.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimeTest {

  @Test
  void parsesTheCommonShapesAndTheRareOnes() {
    Instant t = Instant.parse("2025-03-10T00:00:00Z");
    assertThat(IsoTime.parse("2025-03-10T08:00:00+08:00")).isEqualTo(t);
    assertThat(IsoTime.parse("2025-03-10T00:00:00Z")).isEqualTo(t);
    assertThat(IsoTime.parse("2025-03-09T19:00:00-05:00")).isEqualTo(t);
    assertThat(IsoTime.parse("2025-03-10T08:00:00.25+08:00")).isEqualTo(t.plusMillis(250));
    // shapes outside the fast path go through java.time
    assertThat(IsoTime.parse("2025-03-10T08:00+08:00")).isEqualTo(t);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-03-10T08:00:00",
        "2025-03-10 08:00:00+08:00",
        "2025-13-10T08:00:00+08:00",
        "2025-02-29T08:00:00+08:00",
        "2025-03-10T24:00:00+08:00",
        "20250310080000",
        "",
        "2025-03-10T08:00:00+19:00"
      })
  void rejectsWhatIsNotAnInstantWithOffset(String text) {
    assertThatThrownBy(() -> IsoTime.parse(text)).isInstanceOf(DateTimeException.class);
  }

  @Test
  void formatAgreesWithJavaTimeOnSeededRandomInstants() {
    Random rnd = new Random(2017);
    ZoneId[] zones = {ZoneId.of("Asia/Shanghai"), ZoneId.of("UTC"), ZoneId.of("America/New_York")};
    for (int i = 0; i < 10_000; i++) {
      Instant t =
          Instant.ofEpochSecond(
              rnd.nextLong(4_102_444_800L),
              rnd.nextInt(4) == 0 ? rnd.nextInt(1_000) * 1_000_000 : 0);
      ZoneId zone = zones[rnd.nextInt(zones.length)];
      String s = IsoTime.format(t, zone);
      assertThat(OffsetDateTime.parse(s).toInstant()).as(s).isEqualTo(t);
      assertThat(IsoTime.parse(s)).as(s).isEqualTo(t);
    }
  }
}
