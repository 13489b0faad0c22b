package io.meterwatch.core.cases;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The current state of every case, read from the compacted {@code cases} topic: the record with the
 * highest version of each case id wins (what {@code meterwatch tasks list} and the demo show). The
 * event fold of the {@code alerts} history is {@link CaseBoard}.
 */
public final class CaseStates {
  private final Map<String, CaseRecord> cases = new LinkedHashMap<>();

  /** Takes a case record in, unless the board already has a newer one of that case. */
  public void apply(CaseRecord r) {
    cases.merge(r.caseId(), r, (old, in) -> in.version() >= old.version() ? in : old);
  }

  /** A case by id. */
  public Optional<CaseRecord> get(String caseId) {
    return Optional.ofNullable(cases.get(caseId));
  }

  /** Every case, closed ones included, in the order they were first seen (a read-only view). */
  public java.util.Collection<CaseRecord> all() {
    return java.util.Collections.unmodifiableCollection(cases.values());
  }

  /** How many cases the board holds, closed ones included. */
  public int size() {
    return cases.size();
  }

  /**
   * Cases matching the filters (each {@code null} = any), most urgent due time first. Without a
   * status filter closed cases are left out.
   */
  public List<CaseRecord> list(String county, Department department, CaseStatus status) {
    return cases.values().stream()
        .filter(c -> county == null || county.equalsIgnoreCase(Objects.toString(c.county(), "")))
        .filter(c -> department == null || department == c.department())
        .filter(c -> status == null ? c.status() != CaseStatus.CLOSED : status == c.status())
        .sorted(
            Comparator.comparing(
                    CaseRecord::dueTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(CaseRecord::caseId))
        .toList();
  }
}
