package io.meterwatch.jobs.cases;

import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseLifecycle;
import io.meterwatch.core.cases.CaseLifecycle.Transition;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.CaseState;
import io.meterwatch.core.cases.RuleEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The case manager: one open case per {@link io.meterwatch.core.cases.CaseKey}, keyed by {@link
 * io.meterwatch.core.cases.CaseKey#asString()} on both inputs: rule events (input 1) and team
 * actions (input 2, which carry the key of the case they name; see {@link CaseAction}).
 *
 * <p>It wires state and time around {@link CaseLifecycle}: the key's state (its open case, or the
 * memory of its closed one) lives in one value state as JSON, so that the state schema can grow
 * without a Flink serializer migration. One event-time timer sits at {@link CaseState#wakeUp()}:
 * the due time of an open case (OVERDUE, the energy-quota deadline) or the expiry of a closed
 * case's memory, which clears the state. Because a due time is a wall-clock obligation, an open
 * case also has a processing-time timer at the same distance from the wall clock as its due time is
 * from the watermark when it is set: when the feed stalls, the case still becomes OVERDUE (once;
 * whichever timer fires first). Every change of a case is also emitted as its whole state ({@link
 * CaseRecord}) on {@link #CASE_RECORDS}. Invalid actions become ACTION_REJECTED events; nothing an
 * action carries can fail the job.
 */
public final class CaseManagerFunction
    extends KeyedCoProcessFunction<String, RuleEvent, CaseAction, CaseEvent> {
  private static final long serialVersionUID = 1L;

  /** The whole state of a case after each change, for the compacted {@code cases} topic. */
  public static final OutputTag<CaseRecord> CASE_RECORDS =
      new OutputTag<>("case-records", TypeInformation.of(CaseRecord.class));

  private final CasePolicy policy;
  private final EnterpriseNames enterpriseNames;
  private transient ValueState<String> caseState;
  private transient ValueState<Long> wallDue;
  private transient MetricGroup metrics;

  /** Counters by rule id, made on first use (the rule ids are a handful: E1 … D10). */
  private transient Map<String, Counter> ruleEvents;

  private transient Map<String, Counter> casesOpened;

  /**
   * @param policy the lifecycle tunables
   * @param enterpriseNames the name a case opens with, by credit code
   */
  public CaseManagerFunction(CasePolicy policy, EnterpriseNames enterpriseNames) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.enterpriseNames = Objects.requireNonNull(enterpriseNames, "enterpriseNames");
  }

  @Override
  public void open(OpenContext openContext) {
    caseState = getRuntimeContext().getState(new ValueStateDescriptor<>("case", Types.STRING));
    wallDue = getRuntimeContext().getState(new ValueStateDescriptor<>("wall-due", Types.LONG));
    metrics = getRuntimeContext().getMetricGroup();
    ruleEvents = new HashMap<>();
    casesOpened = new HashMap<>();
  }

  private Counter counter(Map<String, Counter> counters, String name, String rule) {
    return counters.computeIfAbsent(rule, r -> metrics.addGroup("rule", r).counter(name));
  }

  @Override
  public void processElement1(RuleEvent e, Context ctx, Collector<CaseEvent> out)
      throws IOException {
    counter(ruleEvents, "ruleEvents", e.key().rule()).inc();
    CaseState before = load();
    apply(
        before,
        CaseLifecycle.onRuleEvent(before, e, enterpriseNames.nameOf(e.key().enterprise()), policy),
        ctx,
        out);
  }

  @Override
  public void processElement2(CaseAction a, Context ctx, Collector<CaseEvent> out)
      throws IOException {
    CaseState before = load();
    apply(before, CaseLifecycle.onAction(before, a, policy), ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CaseEvent> out)
      throws IOException {
    CaseState before = load();
    if (before == null) {
      return;
    }
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      Long wall = wallDue.value();
      if (wall != null && wall == timestamp) {
        wallDue.clear();
        apply(before, CaseLifecycle.onDue(before, policy), ctx, out);
      }
      return;
    }
    Instant wake = before.wakeUp();
    if (wake == null || wake.toEpochMilli() != timestamp) {
      return; // a timer of a case that was closed or extended meanwhile
    }
    apply(
        before,
        before.open() ? CaseLifecycle.onDue(before, policy) : CaseLifecycle.onExpired(before),
        ctx,
        out);
  }

  private CaseState load() throws IOException {
    String json = caseState.value();
    return json == null ? null : CaseJson.readState(json);
  }

  private void apply(CaseState before, Transition t, Context ctx, Collector<CaseEvent> out)
      throws IOException {
    CaseState after = t.state();
    Instant oldWake = before == null ? null : before.wakeUp();
    Instant newWake = after == null ? null : after.wakeUp();
    if (oldWake != null && !oldWake.equals(newWake)) {
      ctx.timerService().deleteEventTimeTimer(oldWake.toEpochMilli());
    }
    if (newWake != null && !newWake.equals(oldWake)) {
      ctx.timerService().registerEventTimeTimer(newWake.toEpochMilli());
    }
    Instant dueAfter = after != null && after.open() && !after.overdue() ? after.due() : null;
    Instant dueBefore = before != null && before.open() && !before.overdue() ? before.due() : null;
    if (!Objects.equals(dueAfter, dueBefore) || (dueAfter != null && wallDue.value() == null)) {
      setWallClockDue(dueAfter, ctx);
    }
    if (after == null) {
      caseState.clear();
    } else if (after != before) {
      caseState.update(CaseJson.stateJson(after));
    }
    for (CaseEvent e : t.events()) {
      if (e.type() == CaseEventType.OPENED) {
        counter(casesOpened, "casesOpened", e.rule()).inc();
      }
      out.collect(e);
    }
    if (t.record() != null) {
      ctx.output(CASE_RECORDS, t.record());
    }
  }

  /**
   * The processing-time fallback of a due time: as far from the wall clock as the due time is from
   * the event time reached (the watermark, or this input's time before the first watermark).
   */
  private void setWallClockDue(Instant due, Context ctx) throws IOException {
    Long old = wallDue.value();
    if (old != null) {
      ctx.timerService().deleteProcessingTimeTimer(old);
      wallDue.clear();
    }
    if (due == null) {
      return;
    }
    long eventNow = ctx.timerService().currentWatermark();
    if (eventNow == Long.MIN_VALUE) {
      eventNow = ctx.timestamp() != null ? ctx.timestamp() : due.toEpochMilli();
    }
    long wall =
        ctx.timerService().currentProcessingTime() + Math.max(0, due.toEpochMilli() - eventNow);
    ctx.timerService().registerProcessingTimeTimer(wall);
    wallDue.update(wall);
  }
}
