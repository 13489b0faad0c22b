package io.meterwatch.jobs.rules;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.EmissionArithmetic;
import io.meterwatch.core.rules.RuleConfig;
import io.meterwatch.core.standards.EmissionStandard;
import io.meterwatch.core.time.LocalCalendar;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Judges a concentration against the limit in force for an outlet (E1 and E2): the outlet's permit
 * limit in force on the window's local date, else its standard's (docs/rules.md).
 */
public final class EmissionJudge implements Serializable {
  private static final long serialVersionUID = 1L;

  private final SiteRegistry registry;
  private final LocalCalendar calendar;
  private final RuleConfig config;

  public EmissionJudge(SiteRegistry registry, LocalCalendar calendar, RuleConfig config) {
    this.registry = registry;
    this.calendar = calendar;
    this.config = config;
  }

  SiteRegistry registry() {
    return registry;
  }

  /**
   * The judgement of {@code value} at the outlet of meter {@code mn} over {@code [start, end)},
   * empty when the meter is no outlet or the parameter has no limit in force that day.
   */
  Optional<RuleEvent> judge(
      Rule rule,
      String mn,
      String parameter,
      Instant start,
      Instant end,
      double value,
      Integer validCount,
      String detail) {
    MeterRef ref = registry.meter(mn).orElse(null);
    if (ref == null || ref.outlet() == null) {
      return Optional.empty();
    }
    Outlet outlet = ref.outlet();
    LocalDate day = calendar.local(start).toLocalDate();
    Optional<Double> limit = registry.limitOn(outlet, parameter, day);
    if (limit.isEmpty() || !(limit.get() > 0)) {
      return Optional.empty();
    }
    double l = limit.get();
    boolean breach = EmissionArithmetic.exceeds(value, l);
    double multiple = EmissionArithmetic.multiple(value, l);
    boolean permit =
        outlet.limitOverrides().stream()
            .anyMatch(v -> v.parameter().equals(parameter) && v.inForceOn(day));
    String unit =
        registry
            .standards()
            .emissionStandard(outlet.standard())
            .map(EmissionStandard::unit)
            .orElse(null);
    return Optional.of(
        new RuleEvent(
            CaseKey.of(ref.enterprise().creditCode(), outlet.id(), rule, parameter),
            Domain.EMISSION,
            ref.enterprise().county(),
            breach,
            EmissionArithmetic.severity(breach, multiple, config),
            new Evidence(
                start,
                end,
                value,
                l,
                unit,
                permit ? outlet.standard() + " permit" : outlet.standard(),
                multiple,
                validCount,
                detail)));
  }
}
