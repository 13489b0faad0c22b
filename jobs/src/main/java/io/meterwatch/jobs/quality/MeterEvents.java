package io.meterwatch.jobs.quality;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.quality.DataQualityEvents;
import io.meterwatch.core.registry.MeterRef;
import org.apache.flink.util.Collector;

/** Emits the data-quality events of one meter into an operator's output. */
final class MeterEvents {
  private final MeterRef ref;
  private final String mn;
  private final Collector<RuleEvent> out;

  MeterEvents(MeterRef ref, String mn, Collector<RuleEvent> out) {
    this.ref = ref;
    this.mn = mn;
    this.out = out;
  }

  void emit(
      String rule,
      String parameter,
      boolean breach,
      Severity severity,
      long start,
      long end,
      Double value,
      Double limit,
      String unit,
      String detail) {
    emit(rule, parameter, breach, severity, start, end, value, limit, unit, null, null, detail);
  }

  void emit(
      String rule,
      String parameter,
      boolean breach,
      Severity severity,
      long start,
      long end,
      Double value,
      Double limit,
      String unit,
      Double multiple,
      Integer count,
      String detail) {
    out.collect(
        DataQualityEvents.event(
            DataQualityEvents.key(ref, mn, rule, parameter),
            ref.enterprise().county(),
            breach,
            severity,
            start,
            Math.max(start, end),
            value,
            limit,
            unit,
            multiple,
            count,
            detail));
  }
}
