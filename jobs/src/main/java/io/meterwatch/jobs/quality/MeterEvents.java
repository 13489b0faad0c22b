package io.meterwatch.jobs.quality;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.quality.DataQualityEvents;
import io.meterwatch.core.quality.Finding;
import io.meterwatch.core.registry.MeterRef;
import org.apache.flink.util.Collector;

/** Emits the findings about one meter into an operator's output as rule events. */
final class MeterEvents {
  private final MeterRef ref;
  private final String mn;
  private final Collector<RuleEvent> out;

  MeterEvents(MeterRef ref, String mn, Collector<RuleEvent> out) {
    this.ref = ref;
    this.mn = mn;
    this.out = out;
  }

  void emit(Finding f) {
    out.collect(DataQualityEvents.event(ref, mn, f));
  }
}
