package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReportPeriodTest {
  @Test
  void everyFormIsALocalCalendarPeriod() {
    assertThat(ReportPeriod.parse("2025-03"))
        .isEqualTo(new ReportPeriod("2025-03", LocalDate.of(2025, 3, 1), LocalDate.of(2025, 4, 1)));
    assertThat(ReportPeriod.parse("2025-q1"))
        .isEqualTo(new ReportPeriod("2025-Q1", LocalDate.of(2025, 1, 1), LocalDate.of(2025, 4, 1)));
    assertThat(ReportPeriod.parse("2025-H2"))
        .isEqualTo(new ReportPeriod("2025-H2", LocalDate.of(2025, 7, 1), LocalDate.of(2026, 1, 1)));
    assertThat(ReportPeriod.parse("2025"))
        .isEqualTo(new ReportPeriod("2025", LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1)));
    ReportPeriod q1 = ReportPeriod.parse("2025-Q1");
    assertThat(q1.contains(at(3, 31, 23, 30), ZONE)).isTrue();
    // 1 April 00:00 local is 31 March 16:00 UTC: already Q2
    assertThat(q1.contains(at(4, 1, 0, 0), ZONE)).isFalse();
    assertThat(q1.start(ZONE)).hasToString("2024-12-31T16:00:00Z");
  }

  @Test
  void badPeriodsSayWhatIsAccepted() {
    assertThatThrownBy(() -> ReportPeriod.parse("2025-13"))
        .hasMessage("not a month: '2025-13' (01..12)");
    assertThatThrownBy(() -> ReportPeriod.parse("Q1"))
        .hasMessage("not a period: 'Q1' (e.g. 2025-03, 2025-Q1, 2025-H1 or 2025)");
  }
}
