package io.meterwatch.core.cases;

import static io.meterwatch.core.cases.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseLifecycleTest.Run;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/**
 * Opening severity and escalation per window kind (docs/cases.md, "Severity"): hourly windows count
 * hours, daily windows days, monthly windows months, a load quota only its share.
 */
class CaseSeverityTest {
  static final LocalDate MAR_10 = LocalDate.of(2025, 3, 10);

  @Test
  void windowKindsFollowTheLocalCalendar() {
    var cal = CasePolicy.defaults().calendar();
    assertThat(WindowKind.of(hour(0), hour(1), cal)).isEqualTo(WindowKind.HOURS);
    assertThat(WindowKind.of(day(MAR_10), day(MAR_10.plusDays(1)), cal)).isEqualTo(WindowKind.DAYS);
    // 24 h not aligned on local midnight is an episode, counted in hours
    assertThat(WindowKind.of(hour(0), hour(24), cal)).isEqualTo(WindowKind.HOURS);
    YearMonth feb = YearMonth.of(2025, 2);
    assertThat(WindowKind.of(month(feb), month(feb.plusMonths(1)), cal))
        .isEqualTo(WindowKind.MONTHS);
  }

  @Test
  void aDailyExceedanceOpensAtTheRuleSeverityAndEscalatesAtThreeDaysInSeven() {
    Run r = new Run().rule(daily(COD_DAY, Domain.EMISSION, MAR_10, true, 0.3, Severity.MAJOR));
    assertThat(r.last().type()).isEqualTo(CaseEventType.OPENED);
    assertThat(r.last().severity()).isEqualTo(Severity.MAJOR);
    assertThat(r.last().dueTime()).isEqualTo(day(MAR_10.plusDays(2)));
    r.rule(daily(COD_DAY, Domain.EMISSION, MAR_10.plusDays(1), true, 0.3, Severity.MAJOR));
    assertThat(r.last().type()).isEqualTo(CaseEventType.UPDATED);
    assertThat(r.last().severity()).isEqualTo(Severity.MAJOR);
    r.rule(daily(COD_DAY, Domain.EMISSION, MAR_10.plusDays(2), true, 0.3, Severity.MAJOR));
    assertThat(r.last().type()).isEqualTo(CaseEventType.ESCALATED);
    assertThat(r.last().note()).isEqualTo("MAJOR -> SEVERE: 3 exceeding days within 7 days");
    assertThat(r.last().eventTime()).isEqualTo(day(MAR_10.plusDays(3)));
  }

  @Test
  void dailyExceedancesAWeekApartStayMajor() {
    Run r = new Run();
    for (int week = 0; week < 4; week++) {
      r.rule(
          daily(COD_DAY, Domain.EMISSION, MAR_10.plusDays(7L * week), true, 0.3, Severity.MAJOR));
    }
    // each lookback of 7 days (ending at the latest day's end) holds only one exceeding day
    assertThat(r.state.severity()).isEqualTo(Severity.MAJOR);
    assertThat(r.state.count()).isEqualTo(4);
  }

  @Test
  void aLoadQuotaAtEightyPercentStaysWarningUntilTheQuotaIsReached() {
    Run r = new Run();
    for (int d = 0; d < 10; d++) {
      r.rule(daily(LOAD, Domain.LOAD_QUOTA, MAR_10.plusDays(d), true, -0.2, Severity.WARNING));
    }
    assertThat(r.events.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(r.types()).doesNotContain(CaseEventType.ESCALATED);
    assertThat(r.state.severity()).isEqualTo(Severity.WARNING);
    r.rule(daily(LOAD, Domain.LOAD_QUOTA, MAR_10.plusDays(10), true, 0.0, Severity.MAJOR));
    assertThat(r.last().type()).isEqualTo(CaseEventType.ESCALATED);
    assertThat(r.last().note()).isEqualTo("WARNING -> MAJOR: rule judged MAJOR");
  }

  @Test
  void anEnergyQuotaMonthOpensMajorAndThreeFailingMonthsInTwelveAreSevere() {
    YearMonth jan = YearMonth.of(2025, 1);
    Run r = new Run().rule(monthly(jan, true, 0.1));
    assertThat(r.last().severity()).isEqualTo(Severity.MAJOR);
    r.rule(monthly(jan.plusMonths(1), true, 0.1));
    assertThat(r.last().type()).isEqualTo(CaseEventType.UPDATED);
    r.rule(monthly(jan.plusMonths(2), true, 0.1));
    assertThat(r.last().type()).isEqualTo(CaseEventType.ESCALATED);
    assertThat(r.last().note()).isEqualTo("MAJOR -> SEVERE: 3 exceeding months within 12 months");
  }

  @Test
  void dataQualityFindingsOpenAtTheDetectorSeverityWhateverTheirWindow() {
    CaseKey d2 = new CaseKey("91610900MA6YKX0004", "DA002", "D2", "-");
    CaseKey d10 = new CaseKey("91610900MA6YKX0004", "DA002", "D10", "-");
    CaseKey q1n = new CaseKey("91610900MA6YKX0002", "cement clinker", "Q1N", "-");
    Run daily = new Run().rule(daily(d2, Domain.DATA_QUALITY, MAR_10, true, 0, Severity.WARNING));
    assertThat(daily.last().severity()).isEqualTo(Severity.WARNING);
    RuleEvent month =
        new RuleEvent(
            d10,
            Domain.DATA_QUALITY,
            COUNTY,
            true,
            Severity.WARNING,
            new Evidence(
                month(YearMonth.of(2025, 2)),
                month(YearMonth.of(2025, 3)),
                70.0,
                75.0,
                "%",
                "data verification",
                null,
                null,
                null));
    assertThat(new Run().rule(month).last().severity()).isEqualTo(Severity.WARNING);
    RuleEvent noOutput =
        new RuleEvent(
            q1n,
            Domain.ENERGY_QUOTA,
            COUNTY,
            true,
            Severity.WARNING,
            new Evidence(
                month(YearMonth.of(2025, 2)),
                month(YearMonth.of(2025, 3)),
                5000.0,
                null,
                "kgce",
                null,
                null,
                null,
                null));
    assertThat(new Run().rule(noOutput).last().severity()).isEqualTo(Severity.WARNING);
    // a 30-hour outage episode counts its 30 hours: SEVERE at once
    CaseKey d1 = new CaseKey("91610900MA6YKX0004", "DA002", "D1", "-");
    RuleEvent outage =
        new RuleEvent(
            d1,
            Domain.DATA_QUALITY,
            COUNTY,
            true,
            Severity.WARNING,
            new Evidence(
                hour(0), hour(30), null, null, null, "data verification", null, null, null));
    Run episode = new Run().rule(outage);
    assertThat(episode.last().severity()).isEqualTo(Severity.SEVERE);
  }

  @Test
  void aKeyJudgedOverHoursAndDaysCountsEachKindInItsOwnUnit() {
    CaseKey d2 = new CaseKey("91610900MA6YKX0004", "DA002", "D2", "a21026");
    java.time.Instant midnight = day(MAR_10);
    RuleEvent firstHour =
        new RuleEvent(
            d2,
            Domain.DATA_QUALITY,
            COUNTY,
            true,
            Severity.WARNING,
            new Evidence(
                midnight,
                midnight.plusSeconds(3600),
                30.0,
                45.0,
                "min",
                "data verification",
                null,
                30,
                null));
    Run r = new Run().rule(firstHour);
    // the day starting at the same instant is another window: both count, the day as one day
    r.rule(daily(d2, Domain.DATA_QUALITY, MAR_10, true, 0, Severity.WARNING));
    assertThat(r.state.count()).isEqualTo(2);
    assertThat(
            CaseLifecycle.exceedingHours(r.state, day(MAR_10.plusDays(1)), CasePolicy.defaults()))
        .isEqualTo(1.0);
    assertThat(r.state.severity()).isEqualTo(Severity.WARNING);
    // re-judging the hour replaces only the hour
    r.rule(firstHour);
    assertThat(r.state.count()).isEqualTo(2);
  }
}
