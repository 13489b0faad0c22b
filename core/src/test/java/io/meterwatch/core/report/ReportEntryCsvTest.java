package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportEntryCsvTest {
  static final Set<String> KNOWN = Set.of(A, B, C, D);

  @Test
  void aGoodFileGivesItsEntries() {
    ReportEntryCsv.Result r = ReportEntryCsv.parse(importCsv(), KNOWN);
    assertThat(r.errors()).isEmpty();
    assertThat(r.entries()).containsExactlyElementsOf(entries());
  }

  @Test
  void everyBadLineGetsOneErrorNamingLineAndFieldAndNothingIsImported() {
    String csv =
        "credit_code,criterion,status,date,note\n"
            + D
            + ",quality,rectifying,2025-05-01,ok\n"
            + "91610000XXXXXXXXXX,quality,closed,2025-05-01,\n"
            + D
            + ",energy,closed,2025-05-01,\n"
            + D
            + ",safety,done,2025-05-01,\n"
            + D
            + ",safety,closed,2025-02-30,\n"
            + D
            + ",safety,closed\n"
            + D
            + ",safety,closed,2025-05-01,\"unclosed\n"
            + "\n"
            + B
            + ",technology,extended,2025-06-01,\"with, comma\"\n";
    ReportEntryCsv.Result r = ReportEntryCsv.parse(csv, KNOWN);
    assertThat(r.entries()).isEmpty();
    assertThat(r.errors())
        .containsExactly(
            "line 3, credit_code: '91610000XXXXXXXXXX' is not an enterprise of the registry",
            "line 4, criterion: 'energy' is not one of quality, safety, technology (meters judge"
                + " energy and environment)",
            "line 5, status: 'done' is not one of open, rectifying, extended, rectified,"
                + " closure_proposed, closed, dismissed",
            "line 6, date: '2025-02-30' is not a date like 2025-03-31",
            "line 7: 3 fields, expected 5",
            "line 8: a quoted field is not closed");
  }

  @Test
  void theHeadingIsRequired() {
    assertThat(ReportEntryCsv.parse(D + ",quality,closed,2025-05-01,\n", KNOWN).errors())
        .containsExactly("line 1: the heading must be credit_code,criterion,status,date,note");
    assertThat(ReportEntryCsv.parse("", KNOWN).ok()).isFalse();
  }
}
