package io.meterwatch.jobs.rules;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.rules.DailyValue;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.jobs.windows.PeriodClock;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rule E2, daily exceedance of wastewater outlets: a valid day's mean (at least 20 valid hours)
 * against the limit in force that local day (docs/rules.md). Stateless, chained behind {@link
 * DailyValidityFunction}.
 */
public class DailyExceedanceRule extends ProcessFunction<DailyValue, RuleEvent> {
  private static final long serialVersionUID = 1L;

  /** The rule id. */
  public static final Rule RULE = Rule.E2;

  private final EmissionJudge judge;
  private final PeriodClock clock;

  public DailyExceedanceRule(EmissionJudge judge, PeriodClock clock) {
    this.judge = judge;
    this.clock = clock;
  }

  @Override
  public void processElement(DailyValue d, Context ctx, Collector<RuleEvent> out) {
    if (!d.valid()
        || d.value() == null
        || ParameterCatalogue.byCode(d.parameter()).map(p -> p.quantity()).orElse(null)
            != Quantity.CONCENTRATION) {
      return;
    }
    boolean wastewater =
        judge
            .registry()
            .meter(d.mn())
            .map(r -> r.outlet() != null && r.outlet().medium() == Medium.WASTEWATER)
            .orElse(false);
    if (!wastewater) {
      return;
    }
    judge
        .judge(
            RULE,
            d.mn(),
            d.parameter(),
            d.dayStart(),
            Instant.ofEpochMilli(clock.dayEnd(d.dayStart().toEpochMilli())),
            d.value(),
            d.validHours(),
            "daily mean of " + d.validHours() + " valid hours")
        .ifPresent(out::collect);
  }
}
