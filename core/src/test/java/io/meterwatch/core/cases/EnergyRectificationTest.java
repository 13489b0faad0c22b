package io.meterwatch.core.cases;

import static io.meterwatch.core.cases.CaseFixtures.*;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseLifecycleTest.Run;
import java.time.LocalDateTime;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/**
 * The energy-quota path month by month: 6 months from the first failing month, one extension of at
 * most 3 months, then closure proposed; closing a case does not restart the period; 3 compliant
 * months end it.
 */
class EnergyRectificationTest {
  static final YearMonth JAN = YearMonth.of(2025, 1);

  static java.time.Instant local(int y, int m, int d) {
    return CAL.instant(LocalDateTime.of(y, m, d, 0, 0));
  }

  @Test
  void failExtendFailAgainAndClosureIsProposedOnTheExtendedDeadline() {
    Run r = new Run().rule(monthly(JAN, true, 0.1));
    String first = QUOTA.caseId(month(JAN));
    // January judged at 2025-02-01 00:00 local; 6 months: 2025-08-01 00:00 local
    assertThat(r.last().eventTime()).isEqualTo(local(2025, 2, 1));
    assertThat(r.last().dueTime()).isEqualTo(local(2025, 8, 1));
    r.act(extend(first, QUOTA, 3, local(2025, 2, 5)));
    assertThat(r.last().dueTime()).isEqualTo(local(2025, 11, 1));
    r.act(close(first, QUOTA, CaseOutcome.CONFIRMED_VIOLATION, local(2025, 2, 10)));
    assertThat(r.state.status()).isEqualTo(CaseStatus.CLOSED);
    assertThat(r.state.rectificationSince()).isEqualTo(local(2025, 2, 1));
    r.rule(monthly(JAN.plusMonths(1), false, 0));
    // March fails again: a new case, same rectification, same deadline, no second extension
    r.rule(monthly(JAN.plusMonths(2), true, 0.05));
    String second = QUOTA.caseId(month(JAN.plusMonths(2)));
    assertThat(r.last().type()).isEqualTo(CaseEventType.OPENED);
    assertThat(r.last().caseId()).isEqualTo(second).isNotEqualTo(first);
    assertThat(r.last().dueTime()).isEqualTo(local(2025, 11, 1));
    assertThat(r.last().note())
        .isEqualTo("within the rectification since 2025-02-01, deadline 2025-11-01");
    assertThat(r.records.get(r.records.size() - 1).rectificationSince())
        .isEqualTo(local(2025, 2, 1));
    r.act(extend(second, QUOTA, 1, local(2025, 4, 3)));
    assertThat(r.last().note())
        .isEqualTo("EXTEND rejected: already extended (at most 1 extension)");
    r.due();
    assertThat(r.types()).endsWith(CaseEventType.OVERDUE, CaseEventType.ESCALATED);
    assertThat(r.last().caseId()).isEqualTo(second);
    assertThat(r.last().severity()).isEqualTo(Severity.CLOSURE_PROPOSED);
    // 2025-11-01 00:00 in Asia/Shanghai
    assertThat(r.last().eventTime()).isEqualTo(java.time.Instant.parse("2025-10-31T16:00:00Z"));
  }

  @Test
  void aFailingMonthAfterTheDeadlineOfAClosedCaseIsClosureProposedAtOnce() {
    Run r = new Run().rule(monthly(JAN, true, 0.1));
    r.act(
        close(QUOTA.caseId(month(JAN)), QUOTA, CaseOutcome.CONFIRMED_VIOLATION, local(2025, 2, 3)));
    // August judged 2025-09-01, after the deadline 2025-08-01
    r.rule(monthly(JAN.plusMonths(7), true, 0.1));
    assertThat(r.last().type()).isEqualTo(CaseEventType.OPENED);
    assertThat(r.last().severity()).isEqualTo(Severity.CLOSURE_PROPOSED);
    assertThat(r.last().dueTime()).isEqualTo(local(2025, 8, 1));
  }

  @Test
  void failRectifyAndFailAYearLaterStartsANewRectification() {
    Run r =
        new Run()
            .rule(monthly(JAN, true, 0.1))
            .rule(monthly(JAN.plusMonths(1), false, 0))
            .rule(monthly(JAN.plusMonths(2), false, 0));
    assertThat(r.last().type()).isEqualTo(CaseEventType.RECOVERED);
    r.act(close(QUOTA.caseId(month(JAN)), QUOTA, CaseOutcome.RECTIFIED, local(2025, 4, 2)));
    // two compliant months are not yet rectified: the rectification still runs
    assertThat(r.state.rectificationSince()).isEqualTo(local(2025, 2, 1));
    r.rule(monthly(JAN.plusMonths(3), false, 0));
    // April is the third compliant month: rectified
    assertThat(r.state.rectificationSince()).isNull();
    assertThat(r.state.expiresAt()).isEqualTo(local(2026, 5, 1));
    r.rule(monthly(JAN.plusMonths(12), true, 0.1));
    assertThat(r.last().type()).isEqualTo(CaseEventType.OPENED);
    assertThat(r.last().note()).isNull();
    assertThat(r.last().severity()).isEqualTo(Severity.MAJOR);
    assertThat(r.last().dueTime()).isEqualTo(local(2026, 8, 1));
    assertThat(r.state.rectificationSince()).isEqualTo(local(2026, 2, 1));
  }
}
