package io.meterwatch.core.report;

import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseActionType;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.CaseLifecycle;
import io.meterwatch.core.cases.CaseOutcome;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.CaseState;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A small city and one year (2025) of case events made by the real case lifecycle, for the report
 * tests (core and app). docs/reports.md's examples are these tables.
 *
 * <ul>
 *   <li>A (汉滨区): SO2 on DA001 exceeds 31 March 22:00-24:00 (the second hour 3.5 times the limit,
 *       SEVERE) and 1 April 00:00-01:00; its clinker energy quota fails January (125 kgce/t against
 *       117), the deadline is extended by 2 months on 10 July, it is still failing at the new
 *       deadline (closure proposed on 1 October) and is closed down on 20 November.
 *   <li>B (旬阳市): NOx on DA001 exceeds in the half hour to 23:30 on 31 March (a case opened at 23:30
 *       local); its clinker quota fails January (120), complies February and March (recovered 1
 *       April) and is closed RECTIFIED on 15 April.
 *   <li>C (平利县): a particulate alarm on 10 February closed as DEVICE_FAULT (not a finding).
 *   <li>D (汉滨区, no meters): imported quality rectifying from 1 May and closed from 1 September,
 *       technology closed 30 June; B's safety rectified 1 March.
 * </ul>
 */
public final class ReportFixtures {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  public static final CasePolicy P = CasePolicy.defaults();
  public static final String A = "91610902MA6YA1B22C";
  public static final String B = "91610981MA6YB3C464";
  public static final String C = "91610926MA6YC5D6XL";
  public static final String D = "91610929MA6YD7E83D";
  public static final String CLINKER = "GB16780-2021-clinker-energy";
  public static final CaseKey A_SO2 = new CaseKey(A, "A-DA001", "E1", "a21026");
  public static final CaseKey B_NOX = new CaseKey(B, "B-DA001", "E1", "a21002");
  public static final CaseKey C_PM = new CaseKey(C, "C-DA001", "E1", "a34013");
  public static final CaseKey A_Q1 = new CaseKey(A, "clinker", "Q1", CLINKER);
  public static final CaseKey B_Q1 = new CaseKey(B, "clinker", "Q1", CLINKER);

  /** Case ids, set by {@link #events()}. */
  public static String aSo2;

  public static String bNox;
  public static String cPm;
  public static String aQ1;
  public static String bQ1;

  private ReportFixtures() {}

  /** A local time in 2025. */
  public static Instant at(int month, int day, int hour, int minute) {
    return LocalDateTime.of(2025, month, day, hour, minute).atZone(ZONE).toInstant();
  }

  /** The registry file of the report tests, on the class path beside this class. */
  public static final String REGISTRY_RESOURCE = "/io/meterwatch/core/report/report-city.yaml";

  public static SiteRegistry registry() {
    try (InputStream in = ReportFixtures.class.getResourceAsStream(REGISTRY_RESOURCE)) {
      return RegistryLoader.read(in, REGISTRY_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every case event of the year, each case's events in order. */
  public static List<CaseEvent> events() {
    List<CaseEvent> out = new ArrayList<>();
    // A: SO2, limit 35 mg/m3
    Run a = new Run(A_SO2, Domain.EMISSION, "安康汉江水泥有限公司", out);
    a.breach(at(3, 31, 22, 0), at(3, 31, 23, 0), 49.0, 35.0, "mg/m3", Severity.MAJOR);
    a.breach(at(3, 31, 23, 0), at(4, 1, 0, 0), 122.5, 35.0, "mg/m3", Severity.SEVERE);
    a.breach(at(4, 1, 0, 0), at(4, 1, 1, 0), 42.0, 35.0, "mg/m3", Severity.MAJOR);
    aSo2 = a.state.caseId();
    // B: NOx, limit 400, a half-hour window ending 23:30 on 31 March
    Run b = new Run(B_NOX, Domain.EMISSION, "旬阳秦岭水泥有限责任公司", out);
    b.breach(at(3, 31, 22, 30), at(3, 31, 23, 30), 480.0, 400.0, "mg/m3", Severity.MAJOR);
    bNox = b.state.caseId();
    // C: particulate alarm dismissed
    Run c = new Run(C_PM, Domain.EMISSION, "平利县鑫源水泥有限公司", out);
    c.breach(at(2, 10, 10, 0), at(2, 10, 11, 0), 60.0, 30.0, "mg/m3", Severity.MAJOR);
    cPm = c.state.caseId();
    c.close(CaseOutcome.DEVICE_FAULT, at(2, 11, 9, 0));
    // A: clinker quota, January fails; extended; closure proposed; closed down
    Run aq = new Run(A_Q1, Domain.ENERGY_QUOTA, "安康汉江水泥有限公司", out);
    aq.breach(at(1, 1, 0, 0), at(2, 1, 0, 0), 125.0, 117.0, "kgce/t", Severity.MAJOR);
    aQ1 = aq.state.caseId();
    aq.act(
        new CaseAction(
            aQ1, A_Q1, CaseActionType.EXTEND, at(7, 10, 10, 0), "drc", null, null, null, 2));
    aq.due();
    aq.close(CaseOutcome.CLOSED_DOWN, at(11, 20, 15, 0));
    // B: clinker quota, January fails, February and March comply, rectified
    Run bq = new Run(B_Q1, Domain.ENERGY_QUOTA, "旬阳秦岭水泥有限责任公司", out);
    bq.breach(at(1, 1, 0, 0), at(2, 1, 0, 0), 120.0, 117.0, "kgce/t", Severity.MAJOR);
    bQ1 = bq.state.caseId();
    bq.compliant(at(2, 1, 0, 0), at(3, 1, 0, 0), 110.0, 117.0, "kgce/t");
    bq.compliant(at(3, 1, 0, 0), at(4, 1, 0, 0), 112.0, 117.0, "kgce/t");
    bq.close(CaseOutcome.RECTIFIED, at(4, 15, 10, 0));
    return out;
  }

  /**
   * A second SO2 case of A on DA001 (opened by a breach on 10 April 10:00-11:00, 50 mg/m3 against
   * 35, MAJOR), as a second case job would have opened after a restart: two cases in one list row.
   */
  public static List<CaseEvent> secondSo2Case() {
    List<CaseEvent> out = new ArrayList<>();
    Run a = new Run(A_SO2, Domain.EMISSION, "安康汉江水泥有限公司", out);
    a.breach(at(4, 10, 10, 0), at(4, 10, 11, 0), 50.0, 35.0, "mg/m3", Severity.MAJOR);
    return out;
  }

  /** The imported entries, as {@link #importCsv()} holds them. */
  public static List<ReportEntry> entries() {
    return List.of(
        new ReportEntry(
            D, Criterion.QUALITY, ReportStatus.RECTIFYING, LocalDate.of(2025, 5, 1), "抽检不合格，责令整改"),
        new ReportEntry(
            D, Criterion.QUALITY, ReportStatus.CLOSED, LocalDate.of(2025, 9, 1), "整改后仍不合格，依法关停"),
        new ReportEntry(
            D, Criterion.TECHNOLOGY, ReportStatus.CLOSED, LocalDate.of(2025, 6, 30), "淘汰设备已拆除"),
        new ReportEntry(B, Criterion.SAFETY, ReportStatus.RECTIFIED, LocalDate.of(2025, 3, 1), ""));
  }

  /** The import file of {@link #entries()}. */
  public static String importCsv() {
    return "\uFEFFcredit_code,criterion,status,date,note\r\n"
        + D
        + ",quality,rectifying,2025-05-01,抽检不合格，责令整改\r\n"
        + D
        + ",quality,closed,2025-09-01,\"整改后仍不合格，依法关停\"\r\n"
        + D
        + ",technology,closed,2025-06-30,淘汰设备已拆除\r\n"
        + B
        + ",safety,rectified,2025-03-01,\r\n";
  }

  /** Drives one case key through the lifecycle, collecting its events. */
  private static final class Run {
    final CaseKey key;
    final Domain domain;
    final String name;
    final List<CaseEvent> out;
    CaseState state;

    Run(CaseKey key, Domain domain, String name, List<CaseEvent> out) {
      this.key = key;
      this.domain = domain;
      this.name = name;
      this.out = out;
    }

    void apply(CaseLifecycle.Transition t) {
      state = t.state();
      out.addAll(t.events());
    }

    void breach(Instant s, Instant e, double value, double limit, String unit, Severity sev) {
      apply(CaseLifecycle.onRuleEvent(state, event(s, e, value, limit, unit, true, sev), name, P));
    }

    void compliant(Instant s, Instant e, double value, double limit, String unit) {
      apply(
          CaseLifecycle.onRuleEvent(
              state, event(s, e, value, limit, unit, false, Severity.INFO), name, P));
    }

    RuleEvent event(
        Instant s,
        Instant e,
        double value,
        double limit,
        String unit,
        boolean breach,
        Severity sev) {
      String standard = domain == Domain.ENERGY_QUOTA ? "GB 16780-2021" : "GB 4915-2013";
      return new RuleEvent(
          key,
          domain,
          "x",
          breach,
          sev,
          new Evidence(s, e, value, limit, unit, standard, (value - limit) / limit, 50, null));
    }

    void act(CaseAction a) {
      CaseLifecycle.Transition t = CaseLifecycle.onAction(state, a, P);
      if (t.events().stream().anyMatch(ev -> ev.type().name().equals("ACTION_REJECTED"))) {
        throw new IllegalStateException("fixture action rejected: " + t.events());
      }
      apply(t);
    }

    void close(CaseOutcome o, Instant t) {
      act(new CaseAction(state.caseId(), key, CaseActionType.CLOSE, t, "li", null, null, o, null));
    }

    void due() {
      apply(CaseLifecycle.onDue(state, P));
    }
  }
}
