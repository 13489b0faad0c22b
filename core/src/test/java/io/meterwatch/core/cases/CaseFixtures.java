package io.meterwatch.core.cases;

import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/** Rule events and actions on hourly windows from {@code Fixtures.T0}, for case tests. */
public final class CaseFixtures {
  public static final CaseKey SO2 = new CaseKey("91610900MA6YKX0001", "DA001", "E1", "a21026");
  public static final CaseKey ENERGY = new CaseKey("91610900MA6YKX0002", "EM0001", "Q1", "-");
  public static final CaseKey FLAT = new CaseKey("91610900MA6YKX0001", "DA001", "D3", "a21026");
  public static final CaseKey COD_DAY = new CaseKey("91610900MA6YKX0003", "DW001", "E2", "w01018");
  public static final CaseKey LOAD =
      new CaseKey("91610900MA6YKX0001", "91610900MA6YKX0001", "L1", "a21026");
  public static final CaseKey QUOTA =
      new CaseKey("91610900MA6YKX0002", "cement clinker", "Q1", "GB 16780-2021");
  public static final String COUNTY = "Hanbin";

  private CaseFixtures() {}

  /** Start of hour {@code h} after T0. */
  public static Instant hour(int h) {
    return T0.plus(Duration.ofHours(h));
  }

  /** An SO2 hourly breach in hour h: limit 35, value 35 * (1 + multiple). */
  public static RuleEvent breach(int h, double multiple) {
    return breach(SO2, Domain.EMISSION, h, multiple, Severity.MAJOR);
  }

  public static RuleEvent breach(CaseKey key, Domain domain, int h, double multiple, Severity sev) {
    return new RuleEvent(
        key, domain, COUNTY, true, sev, evidence(h, 35.0 * (1 + multiple), multiple));
  }

  /** A compliant SO2 hour. */
  public static RuleEvent compliant(int h) {
    return compliant(SO2, Domain.EMISSION, h);
  }

  public static RuleEvent compliant(CaseKey key, Domain domain, int h) {
    return new RuleEvent(key, domain, COUNTY, false, Severity.INFO, evidence(h, 20.0, null));
  }

  public static Evidence evidence(int h, double value, Double multiple) {
    return new Evidence(
        hour(h), hour(h + 1), value, 35.0, "mg/m3", "GB 13223-2011", multiple, 55, null);
  }

  /** Start of a local day (Asia/Shanghai). */
  public static Instant day(LocalDate d) {
    return CAL.instant(d.atStartOfDay());
  }

  /** A judgement of the local day {@code d}: value {@code limit * (1 + multiple)}. */
  public static RuleEvent daily(
      CaseKey key, Domain domain, LocalDate d, boolean breach, double multiple, Severity sev) {
    return new RuleEvent(
        key,
        domain,
        COUNTY,
        breach,
        sev,
        new Evidence(
            day(d),
            day(d.plusDays(1)),
            100 * (1 + multiple),
            100.0,
            "mg/L",
            "GB 8978-1996",
            multiple,
            20,
            null));
  }

  /** Start of a local calendar month. */
  public static Instant month(YearMonth m) {
    return CAL.instant(m.atDay(1).atStartOfDay());
  }

  /** An energy-quota judgement of the local month {@code m} (limit 110 kgce/t). */
  public static RuleEvent monthly(YearMonth m, boolean breach, double multiple) {
    return new RuleEvent(
        QUOTA,
        Domain.ENERGY_QUOTA,
        COUNTY,
        breach,
        breach ? Severity.MAJOR : Severity.INFO,
        new Evidence(
            month(m),
            month(m.plusMonths(1)),
            110 * (1 + multiple),
            110.0,
            "kgce/t",
            "GB 16780-2021",
            multiple,
            null,
            null));
  }

  public static CaseAction action(String caseId, CaseKey key, CaseActionType type, Instant t) {
    return CaseAction.of(caseId, key, type, t, "hanbin-team");
  }

  public static CaseAction assign(String caseId, CaseKey key, String who, Instant t) {
    return new CaseAction(caseId, key, CaseActionType.ASSIGN, t, "duty", who, null, null, null);
  }

  public static CaseAction comment(String caseId, CaseKey key, String text, Instant t) {
    return new CaseAction(caseId, key, CaseActionType.COMMENT, t, "li", null, text, null, null);
  }

  public static CaseAction close(String caseId, CaseKey key, CaseOutcome outcome, Instant t) {
    return new CaseAction(caseId, key, CaseActionType.CLOSE, t, "li", null, null, outcome, null);
  }

  public static CaseAction extend(String caseId, CaseKey key, Integer months, Instant t) {
    return new CaseAction(caseId, key, CaseActionType.EXTEND, t, "drc", null, null, null, months);
  }
}
