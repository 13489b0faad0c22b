package io.meterwatch.jobs.cases;

import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseLifecycle;
import io.meterwatch.core.cases.CaseLifecycle.Transition;
import io.meterwatch.core.cases.CasePolicy;
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
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The case manager: one open case per {@link io.meterwatch.core.cases.CaseKey}, keyed by {@link
 * io.meterwatch.core.cases.CaseKey#asString()} on both inputs: rule events (input 1) and team
 * actions (input 2, which carry the key of the case they name; see {@link CaseAction}).
 *
 * <p>It wires state and time around {@link CaseLifecycle}: the key's open case lives in one value
 * state (as JSON, so that the state schema can grow without a Flink serializer migration) and one
 * event-time timer sits at the case's due time for OVERDUE and the energy-quota deadline. Closing a
 * case clears both. Invalid actions become ACTION_REJECTED events; nothing an action carries can
 * fail the job.
 */
public final class CaseManagerFunction
    extends KeyedCoProcessFunction<String, RuleEvent, CaseAction, CaseEvent> {
  private static final long serialVersionUID = 1L;

  private final CasePolicy policy;
  private final HashMap<String, String> enterpriseNames;
  private transient ValueState<String> caseState;

  /**
   * @param policy the lifecycle tunables
   * @param enterpriseNames credit code to enterprise name, for the events (may be empty)
   */
  public CaseManagerFunction(CasePolicy policy, Map<String, String> enterpriseNames) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.enterpriseNames = new HashMap<>(enterpriseNames);
  }

  @Override
  public void open(OpenContext openContext) {
    caseState = getRuntimeContext().getState(new ValueStateDescriptor<>("case", Types.STRING));
  }

  @Override
  public void processElement1(RuleEvent e, Context ctx, Collector<CaseEvent> out)
      throws IOException {
    CaseState before = load();
    apply(
        before,
        CaseLifecycle.onRuleEvent(before, e, enterpriseNames.get(e.key().enterprise()), policy),
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
    if (before == null || before.due().toEpochMilli() != timestamp) {
      return; // a timer of a case that was closed or extended meanwhile
    }
    apply(before, CaseLifecycle.onDue(before, policy), ctx, out);
  }

  private CaseState load() throws IOException {
    String json = caseState.value();
    return json == null ? null : CaseJson.readState(json);
  }

  private void apply(CaseState before, Transition t, Context ctx, Collector<CaseEvent> out)
      throws IOException {
    CaseState after = t.state();
    Instant oldDue = before == null ? null : before.due();
    Instant newDue = after == null ? null : after.due();
    if (oldDue != null && !oldDue.equals(newDue)) {
      ctx.timerService().deleteEventTimeTimer(oldDue.toEpochMilli());
    }
    if (newDue != null && !newDue.equals(oldDue) && !after.overdue()) {
      ctx.timerService().registerEventTimeTimer(newDue.toEpochMilli());
    }
    if (after == null) {
      caseState.clear();
    } else if (after != before) {
      caseState.update(CaseJson.stateJson(after));
    }
    t.events().forEach(out::collect);
  }
}
