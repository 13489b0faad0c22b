package io.meterwatch.core.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON of case events ({@code alerts}), team actions ({@code case.actions}) and the case manager's
 * state. Times are ISO-8601 instants, enums their names, absent values omitted; unknown properties
 * are ignored so that older readers survive newer writers. docs/cases.md shows examples.
 */
public final class CaseJson {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private CaseJson() {}

  /** A case event as UTF-8 JSON. */
  public static byte[] eventBytes(CaseEvent e) {
    return write(e);
  }

  /** Reads a case event written by {@link #eventBytes}. */
  public static CaseEvent readEvent(byte[] json) throws RejectedInputException {
    CaseEvent e = read(json, CaseEvent.class);
    if (e.caseId() == null || e.type() == null || e.eventTime() == null) {
      throw new RejectedInputException(
          ReasonCode.MISSING_FIELD, "a case event needs caseId, type and eventTime");
    }
    return e;
  }

  /** A case's current state as UTF-8 JSON (the {@code cases} topic). */
  public static byte[] recordBytes(CaseRecord r) {
    return write(r);
  }

  /** Reads a case record written by {@link #recordBytes}. */
  public static CaseRecord readRecord(byte[] json) throws RejectedInputException {
    CaseRecord r = read(json, CaseRecord.class);
    if (r.caseId() == null || r.key() == null || r.status() == null) {
      throw new RejectedInputException(
          ReasonCode.MISSING_FIELD, "a case record needs caseId, key and status");
    }
    return r;
  }

  /** A team action as UTF-8 JSON. */
  public static byte[] actionBytes(CaseAction a) {
    return write(a);
  }

  /**
   * Reads a team action; it must name the case id, the case key, the type and the time.
   *
   * @throws RejectedInputException BAD_JSON when it is not an action, MISSING_FIELD when a required
   *     part is missing
   */
  public static CaseAction readAction(byte[] json) throws RejectedInputException {
    CaseAction a = read(json, CaseAction.class);
    if (a.caseId() == null || a.caseId().isBlank()) {
      throw new RejectedInputException(ReasonCode.MISSING_FIELD, "an action needs a caseId");
    }
    if (a.type() == null || a.key() == null || a.time() == null) {
      throw new RejectedInputException(
          ReasonCode.MISSING_FIELD,
          "action on "
              + a.caseId()
              + " needs type, key and time (copy the key from the case event)");
    }
    return a;
  }

  /** A case record as one line of JSON ({@code meterwatch tasks list --json}). */
  public static String caseJson(CaseRecord c) {
    return new String(write(c), StandardCharsets.UTF_8);
  }

  /** The case manager's state as JSON (Flink keyed state). */
  public static String stateJson(CaseState s) {
    return new String(write(s), StandardCharsets.UTF_8);
  }

  /** Reads state written by {@link #stateJson}. */
  public static CaseState readState(String json) {
    try {
      return JSON.readValue(json, CaseState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable case state: " + json, e);
    }
  }

  private static byte[] write(Object o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + o.getClass().getSimpleName(), e);
    }
  }

  private static <T> T read(byte[] json, Class<T> type) throws RejectedInputException {
    try {
      T value = JSON.readValue(json, type);
      if (value == null) {
        throw new RejectedInputException(ReasonCode.BAD_JSON, "empty " + type.getSimpleName());
      }
      return value;
    } catch (IOException | RuntimeException e) {
      throw new RejectedInputException(
          ReasonCode.BAD_JSON,
          "not a " + type.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }
}
