package io.meterwatch.jobs.rules;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.standards.Medium;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rule E1, hourly concentration exceedance of flue-gas outlets: a valid hour's value at reference
 * O2 against the limit in force at that hour (docs/rules.md). Emits a breach or a compliant
 * judgement for every judged hour; an hour that could not be converted (O2 missing, invalid or near
 * ambient) is not judged and is counted ({@code notConverted}). Stateless: it runs chained behind
 * {@link HourlyValidityFunction}.
 */
public class HourlyExceedanceRule extends ProcessFunction<HourlyValue, RuleEvent> {
  private static final long serialVersionUID = 1L;

  /** The rule id. */
  public static final Rule RULE = Rule.E1;

  private final EmissionJudge judge;
  private transient Counter notConverted;

  public HourlyExceedanceRule(EmissionJudge judge) {
    this.judge = judge;
  }

  @Override
  public void open(OpenContext openContext) {
    notConverted = getRuntimeContext().getMetricGroup().counter("notConverted");
  }

  @Override
  public void processElement(HourlyValue v, Context ctx, Collector<RuleEvent> out) {
    if (!v.valid()
        || ParameterCatalogue.byCode(v.parameter()).map(p -> p.quantity()).orElse(null)
            != Quantity.CONCENTRATION) {
      return;
    }
    boolean flueGas =
        judge
            .registry()
            .meter(v.mn())
            .map(r -> r.outlet() != null && r.outlet().medium() == Medium.FLUE_GAS)
            .orElse(false);
    if (!flueGas) {
      return;
    }
    if (v.converted() == null) {
      notConverted.inc();
      return;
    }
    String detail =
        String.format(
            Locale.ROOT,
            "measured %.3f at reference O2 %.1f %%, %s",
            v.value(),
            v.referenceO2(),
            v.source().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    judge
        .judge(
            RULE,
            v.mn(),
            v.parameter(),
            v.hourStart(),
            v.hourStart().plusSeconds(3600),
            v.converted(),
            v.validMinutes(),
            detail)
        .ifPresent(out::collect);
  }
}
