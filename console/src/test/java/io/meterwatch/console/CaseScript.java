package io.meterwatch.console;

import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.CaseLifecycle;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.CaseState;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Case events and case records made by the case manager's own pure lifecycle ({@link
 * CaseLifecycle}), so the tests read events and records exactly as the job writes them.
 */
final class CaseScript {
  static final CasePolicy POLICY = CasePolicy.defaults();
  static final Instant T0 = Instant.parse("2026-03-10T00:00:00Z");

  private final Map<String, CaseState> states = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, String> ids = new HashMap<>();
  private final List<CaseRecord> records = new ArrayList<>();

  static Instant hour(int h) {
    return T0.plus(Duration.ofHours(h));
  }

  static CaseKey so2(String enterprise, String outlet) {
    return new CaseKey(enterprise, outlet, "E1", "a21026");
  }

  CaseScript name(String enterprise, String name) {
    names.put(enterprise, name);
    return this;
  }

  /** A breaching hour {@code h} of the key at {@code value} against {@code limit} mg/m3. */
  List<CaseEvent> breach(
      CaseKey key, String county, Domain domain, Severity severity, int h, double value) {
    double limit = 35.0;
    return apply(
        key,
        CaseLifecycle.onRuleEvent(
            states.get(key.asString()),
            new RuleEvent(
                key,
                domain,
                county,
                true,
                severity,
                new Evidence(
                    hour(h),
                    hour(h + 1),
                    value,
                    limit,
                    "mg/m3",
                    "GB 13223-2011",
                    (value - limit) / limit,
                    55,
                    null)),
            names.get(key.enterprise()),
            POLICY));
  }

  /** The case manager's answer to an action. */
  List<CaseEvent> act(CaseAction a) {
    return apply(a.key(), CaseLifecycle.onAction(states.get(a.key().asString()), a, POLICY));
  }

  /** The due timer of the key's open case firing. */
  List<CaseEvent> due(CaseKey key) {
    return apply(key, CaseLifecycle.onDue(states.get(key.asString()), POLICY));
  }

  /** The id of the key's latest case (also after it closed). */
  String caseId(CaseKey key) {
    return ids.get(key.asString());
  }

  /** The case records of the transitions since the last call, oldest first (for {@code cases}). */
  synchronized List<CaseRecord> takeRecords() {
    List<CaseRecord> out = List.copyOf(records);
    records.clear();
    return out;
  }

  private List<CaseEvent> apply(CaseKey key, CaseLifecycle.Transition t) {
    if (t.record() != null) {
      records.add(t.record());
    }
    states.put(key.asString(), t.state());
    if (t.state() != null) {
      ids.put(key.asString(), t.state().caseId());
    }
    return t.events();
  }
}
