package io.meterwatch.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.time.IsoTime;
import io.meterwatch.core.time.LocalCalendar;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Base64;
import java.util.Objects;

/**
 * The JSON form of a {@link DeadLetter} on {@code meter.readings.dlq} (docs/reading-schema.md):
 *
 * <pre>{@code
 * {"original":"IyMwMTAx...","source":"meters/610902G0010001/data",
 *  "receiveTime":"2025-03-10T08:00:01.250+08:00","reason":"CRC_MISMATCH",
 *  "message":"CRC 1C81 differs from computed 1C80"}
 * }</pre>
 *
 * The original bytes are base64 (RFC 4648, with padding) because a rejected payload need not be
 * text at all. Immutable, thread-safe and serializable.
 */
public final class DeadLetterJson implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LocalCalendar calendar;

  /** Writes times with the offset of the default zone (Asia/Shanghai). */
  public DeadLetterJson() {
    this(LocalCalendar.defaultCalendar());
  }

  /** Writes times with the offset of the calendar's zone. */
  public DeadLetterJson(LocalCalendar calendar) {
    this.calendar = Objects.requireNonNull(calendar, "calendar");
  }

  /** The dead letter as UTF-8 JSON. */
  public byte[] write(DeadLetter d) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
      try (JsonGenerator g = ReadingJson.FACTORY.createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("original", Base64.getEncoder().encodeToString(d.original()));
        if (d.source() != null) {
          g.writeStringField("source", d.source());
        }
        if (d.receiveTime() != null) {
          g.writeStringField("receiveTime", calendar.isoLocal(d.receiveTime()));
        }
        g.writeStringField("reason", d.reason().name());
        if (d.message() != null) {
          g.writeStringField("message", d.message());
        }
        g.writeEndObject();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
  }

  /** The dead letter as a JSON string. */
  public String writeString(DeadLetter d) {
    return new String(write(d), StandardCharsets.UTF_8);
  }

  /**
   * Reads a dead letter back (the tasks and replay tools read the DLQ).
   *
   * @throws RejectedInputException {@link ReasonCode#BAD_JSON} when it is not a dead-letter record
   */
  public DeadLetter read(byte[] json) throws RejectedInputException {
    String original = null;
    String source = null;
    String receiveTime = null;
    String reason = null;
    String message = null;
    try (JsonParser p = ReadingJson.FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw bad("a dead letter must be a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          throw bad(field + " must be a string");
        }
        String text = v == JsonToken.VALUE_NULL ? null : p.getText();
        switch (field) {
          case "original" -> original = text;
          case "source" -> source = text;
          case "receiveTime" -> receiveTime = text;
          case "reason" -> reason = text;
          case "message" -> message = text;
          default -> {} // forward compatibility
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw bad("unexpected " + t + " in dead letter");
      }
    } catch (IOException e) {
      throw new RejectedInputException(
          ReasonCode.BAD_JSON, "not valid JSON: " + ReadingJson.message(e), e);
    }
    if (original == null || reason == null) {
      throw bad("a dead letter needs original and reason");
    }
    try {
      return new DeadLetter(
          Base64.getDecoder().decode(original),
          source,
          receiveTime == null ? null : IsoTime.parse(receiveTime),
          ReasonCode.valueOf(reason),
          message);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new RejectedInputException(
          ReasonCode.BAD_JSON, "not a dead-letter record: " + e.getMessage(), e);
    }
  }

  private static RejectedInputException bad(String message) {
    return new RejectedInputException(ReasonCode.BAD_JSON, message);
  }
}
