package io.meterwatch.simulator.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.time.LocalCalendar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth of a run (docs/simulator.md, "Manifest"): every injected fault, the cases the
 * faults must open under the rule semantics of docs/rules.md, and the messages a receiver must
 * reject. The end-to-end tests check the pipeline against it.
 *
 * @param scenario scenario name
 * @param seed the run's seed
 * @param format wire format
 * @param zone zone of local periods
 * @param start simulated start (ISO-8601 with offset)
 * @param end simulated end
 * @param messages message counts
 * @param faults every injected fault with what it must cause
 * @param expectedCases the cases the run must open, and no others
 * @param expectedRejections the messages a receiver must reject, with their reason
 * @param assumptions the rule semantics the expectations were derived with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    String scenario,
    long seed,
    String format,
    String zone,
    String start,
    String end,
    Counts messages,
    List<FaultEntry> faults,
    List<ExpectedCase> expectedCases,
    List<ExpectedRejection> expectedRejections,
    List<String> assumptions) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Message counts.
   *
   * @param published messages handed to the broker (duplicates and rejected ones included)
   * @param validReadings distinct valid readings published (each duplicate counted once)
   * @param duplicates extra copies published by duplicates faults
   * @param rejected messages a receiver must reject
   * @param lost readings never published (offline, or replaced by a corrupted or spoofed packet)
   */
  public record Counts(
      long published, long validReadings, long duplicates, long rejected, long lost) {}

  /**
   * One injected fault.
   *
   * @param id fault id from the scenario
   * @param kind fault kind label
   * @param enterprise credit code
   * @param subject outlet id or meter MN ({@code null} for enterprise-wide faults)
   * @param mn device MN
   * @param parameter parameter it acts on, {@code null} for all
   * @param from start
   * @param to end
   * @param details kind-specific settings (factor, flag, offset, variant, count, victim, window)
   * @param expectedCases ids of the expected cases it opens
   * @param rejectedMessages how many of its messages must be rejected
   * @param lostReadings how many readings it kept from being published
   * @param note what a receiver must do about it when it opens no case
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FaultEntry(
      String id,
      String kind,
      String enterprise,
      String subject,
      String mn,
      String parameter,
      String from,
      String to,
      Map<String, Object> details,
      List<String> expectedCases,
      long rejectedMessages,
      long lostReadings,
      String note) {}

  /**
   * A case the run must open.
   *
   * @param caseId the deterministic id, {@code CaseKey.caseId(windowStart)}
   * @param rule rule id
   * @param domain emission, load-quota, energy-quota or data-quality
   * @param key {@code enterprise|subject|rule|parameter}
   * @param enterprise credit code
   * @param subject outlet id, meter MN or product
   * @param parameter parameter code or {@code -} (a detector's case: one per subject)
   * @param parameters the parameters the case is about: the key's parameter, or every parameter a
   *     detector's case finds failing during the run (sorted); empty for {@code -}
   * @param windowStart start of the window that opens it
   * @param windowEnd end of that window
   * @param value the value that breaches (hourly or daily average, kgce/t...), when there is one
   * @param limit the limit it breaches, when there is one
   * @param fault the fault that causes it
   * @param severity the severity the case opens with (docs/rules.md per rule, SEVERE from an
   *     exceedance multiple of 2)
   * @param department the department the case is routed to ({@code Department} name)
   * @param county the county code of the enterprise
   * @param dueTime the due time the case opens with: 24 h (emission, load), 72 h (data quality) or
   *     6 calendar months (energy quota) after the opening window's end
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ExpectedCase(
      String caseId,
      String rule,
      String domain,
      String key,
      String enterprise,
      String subject,
      String parameter,
      List<String> parameters,
      String windowStart,
      String windowEnd,
      Double value,
      Double limit,
      String fault,
      String severity,
      String department,
      String county,
      String dueTime) {

    public ExpectedCase {
      parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /**
     * What the case that opens must agree on, as one line: rule, opening severity, department,
     * county and local due time ({@link Manifest#openedFacts} gives the same line of a case event).
     */
    public String facts() {
      return String.join(" ", rule, severity, department, county, dueTime);
    }
  }

  /** Case id to {@link ExpectedCase#facts()} of every expected case, sorted by id. */
  public Map<String, String> expectedFacts() {
    Map<String, String> out = new TreeMap<>();
    for (ExpectedCase c : expectedCases) {
      out.putIfAbsent(c.caseId(), c.facts());
    }
    return out;
  }

  /** The {@link ExpectedCase#facts()} line of an OPENED case event, its due time local. */
  public static String openedFacts(CaseEvent e, LocalCalendar calendar) {
    return String.join(
        " ",
        e.rule(),
        e.severity().name(),
        e.department().name(),
        e.county(),
        calendar.isoLocal(e.dueTime()));
  }

  /**
   * A message a receiver must reject.
   *
   * @param topic topic it was published on
   * @param reason the reason code
   * @param fault the fault that made it
   * @param payloadSha256 SHA-256 of the payload bytes, hex (the DLQ keeps the bytes)
   */
  public record ExpectedRejection(
      String topic, String reason, String fault, String payloadSha256) {}

  /**
   * How the manifest identifies a payload ({@link ExpectedRejection#payloadSha256}): SHA-256 of the
   * bytes, lower-case hex. Receivers checking rejections against the manifest hash with this.
   */
  public static String payloadSha256(byte[] payload) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Writes the manifest as indented JSON. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), this);
  }

  /** Reads a manifest. */
  public static Manifest read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Manifest.class);
  }

  /** The manifest as JSON text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
