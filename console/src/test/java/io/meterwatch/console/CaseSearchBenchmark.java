package io.meterwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.CaseStatus;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Text search over the read model's cases: the word index the model keeps (made as records arrive)
 * beside the comparison of building every case's text per request and scanning it, in the same run.
 * No Kafka: the cases are folded in directly. Options: {@code -Dbench.cases=100000}.
 *
 * <p>{@code mvn -B -o test -pl console -am -Dtest=CaseSearchBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class CaseSearchBenchmark {
  static final int CASES = Integer.getInteger("bench.cases", 100_000);

  @Test
  void textSearchByWordIndexBesideTextPerRequest() {
    CaseReadModel m = new CaseReadModel();
    for (int from = 0; from < CASES; from += 1000) {
      CaseScript script = new CaseScript();
      for (int i = from; i < Math.min(CASES, from + 1000); i++) {
        String county = CaseReadModelBenchmark.COUNTIES[i % CaseReadModelBenchmark.COUNTIES.length];
        script.breach(
            CaseReadModelBenchmark.key(i), county, Domain.EMISSION, Severity.WARNING, 0, 40.0);
      }
      for (CaseRecord r : script.takeRecords()) {
        m.apply(r);
      }
    }
    assertThat(m.size()).isEqualTo(CASES);
    Predicate<String> all = Role.BUREAU::sees;
    CaseReadModel.Query q = new CaseReadModel.Query(null, null, null, null, null, "DA17", 0, 50);
    List<CaseRecord> copy = m.allCases();
    Supplier<Integer> perRequestText =
        () -> {
          int n = 0;
          for (CaseRecord c : copy) {
            if (c.status() != CaseStatus.CLOSED && CaseReadModel.haystack(c).contains("da17")) {
              n++;
            }
          }
          return n;
        };
    // both ways find the same cases: subjects DA17 and DA170..DA179 (11 of each enterprise's 250)
    // and the few whose hex case id holds "da17"
    int hits = m.page(q, all).total();
    assertThat(hits).isEqualTo(perRequestText.get()).isGreaterThanOrEqualTo(CASES / 250 * 11);
    double indexed = median(() -> m.page(q, all).total());
    double perRequest = median(perRequestText);
    double walk = median(() -> m.page(CaseReadModel.Query.open(), all).total());
    System.out.printf(
        "text search 'DA17' over %d open cases (%d hits): word index median %.1f ms |"
            + " [comparison] text built per request %.1f ms | the same page without text %.1f"
            + " ms%n",
        CASES, hits, indexed, perRequest, walk);
  }

  /** Median of 31 timed runs after 31 untimed ones (the JIT compiles the search first). */
  private static double median(Supplier<Integer> op) {
    long[] t = new long[31];
    List<Integer> sink = new ArrayList<>();
    for (int i = 0; i < t.length; i++) {
      sink.add(op.get());
    }
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      sink.add(op.get());
      t[i] = System.nanoTime() - t0;
    }
    Arrays.sort(t);
    return t[t.length / 2] / 1e6;
  }
}
