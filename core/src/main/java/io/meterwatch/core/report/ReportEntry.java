package io.meterwatch.core.report;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A finding no meter can make (quality, safety, technology), imported from a department's CSV
 * ({@code meterwatch report import}): from {@code date} on, the enterprise stands at {@code status}
 * for {@code criterion}.
 *
 * @param creditCode the enterprise's unified social credit code
 * @param criterion quality, safety or technology
 * @param status where it stands
 * @param date the local day the status took effect
 * @param note free text (the decision, the document number)
 */
public record ReportEntry(
    String creditCode, Criterion criterion, ReportStatus status, LocalDate date, String note) {
  public ReportEntry {
    Objects.requireNonNull(creditCode, "creditCode");
    Objects.requireNonNull(criterion, "criterion");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(date, "date");
    note = note == null ? "" : note;
  }
}
