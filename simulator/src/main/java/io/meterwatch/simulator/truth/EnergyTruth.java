package io.meterwatch.simulator.truth;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.registry.EnergyMeter;
import io.meterwatch.core.registry.EnergyQuota;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.ProductionMeter;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.EnergyIndicator;
import io.meterwatch.core.standards.EnergyQuotaStandard;
import io.meterwatch.core.standards.StandardCoal;
import io.meterwatch.core.time.LocalCalendar;
import java.time.Instant;
import java.time.LocalDate;

/** Q1 judged on the delivered counter registers of an enterprise (docs/rules.md, "Q1"). */
final class EnergyTruth {
  private final SiteRegistry registry;
  private final LocalCalendar calendar;
  private final Deliveries deliveries;
  private final Instant start;
  private final Instant end;

  EnergyTruth(RunFrame run, Deliveries deliveries) {
    registry = run.registry();
    calendar = run.calendar();
    this.deliveries = deliveries;
    start = run.start();
    end = run.end();
  }

  /** Q1 for the months that end inside the run (a month beyond the last reading is not judged). */
  void monthlyQuota(ExpectedCases cases, Enterprise e) {
    for (Instant m = calendar.monthStart(start);
        !calendar.nextMonthStart(m).isAfter(end);
        m = calendar.nextMonthStart(m)) {
      Instant monthEnd = calendar.nextMonthStart(m);
      LocalDate first = calendar.local(m).toLocalDate();
      for (EnergyQuota q : e.energyQuotas()) {
        EnergyQuotaStandard s = registry.standards().energyQuota(q.standard()).orElse(null);
        if (s == null || !s.inForceOn(first)) {
          continue;
        }
        double output = output(e, q.product(), m, monthEnd);
        if (output <= 0) {
          continue;
        }
        double limit = q.limitOverride() != null ? q.limitOverride() : s.level3();
        double perTonne = energy(e, s.indicator(), m, monthEnd) / output;
        if (perTonne > limit) {
          cases
              .of(Rule.Q1, e, q.product(), q.standard())
              .window(m, monthEnd)
              .figures(GroundTruth.round(perTonne), limit)
              .seenOn(null);
        }
      }
    }
  }

  private double output(Enterprise e, String product, Instant from, Instant to) {
    double output = 0;
    for (ProductionMeter pm : e.productionMeters()) {
      if (pm.product().equals(product)) {
        output += deliveries.amountOrZero(pm.mn(), from, to);
      }
    }
    return output;
  }

  /** Electricity in kWh for an electricity quota, else comprehensive energy in kgce. */
  private double energy(Enterprise e, EnergyIndicator indicator, Instant from, Instant to) {
    double energy = 0;
    for (EnergyMeter em : e.energyMeters()) {
      Double a = deliveries.amount(em.mn(), from, to);
      if (a == null) {
        continue;
      }
      if (indicator == EnergyIndicator.ELECTRICITY) {
        energy += em.carrier().equals(ParameterCatalogue.ELECTRICITY) ? a : 0;
      } else {
        energy += StandardCoal.coefficient(em.carrier()).orElse(0) * a;
      }
    }
    return energy;
  }
}
