package io.meterwatch.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.model.SourceFormat;
import io.meterwatch.core.time.IsoTime;
import io.meterwatch.core.time.LocalCalendar;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical JSON form of a {@link Reading} (Kafka {@code meter.readings}; schema and examples
 * in docs/reading-schema.md).
 *
 * <pre>{@code
 * {"mn":"610902G0010001","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","cn":"2061",
 *  "qn":"20250310090000123","st":"31","receiveTime":"2025-03-10T09:00:00.412+08:00",
 *  "format":"HJ212","values":{"a21026":{"Avg":41.2,"ZsAvg":50.1,"Flag":"N"}}}
 * }</pre>
 *
 * <p>Reading is strict: every defect is a {@link RejectedInputException} with its {@link
 * ReasonCode}, never a silently patched reading. Unknown top-level fields are ignored so that a
 * newer writer can add fields without breaking older jobs.
 *
 * <p>Both directions use Jackson's streaming API on one shared {@link JsonFactory} (no data
 * binding, no reflection): the monitoring job decodes every reading once, at well over 100 000 a
 * second. Instances are immutable, thread-safe and serializable, so a Flink function can hold one.
 */
public final class ReadingJson implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How far in the future a data time may lie before it is {@link ReasonCode#FUTURE_TIME}. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofDays(1);

  /** Field of a parameter object: the code exactly as the device sent it, when it differs. */
  public static final String SENT_CODE = "sentCode";

  /** Field of a parameter object: the data flag letter. */
  public static final String FLAG = "Flag";

  /** Field of a parameter object: the equipment flag as sent. */
  public static final String E_FLAG = "EFlag";

  /** Field of a parameter object: the sampling instant of batch analysers. */
  public static final String SAMPLE_TIME = "SampleTime";

  static final JsonFactory FACTORY =
      JsonFactory.builder()
          // NaN and Infinity tokens are parsed so that they can be rejected as NON_NUMERIC with a
          // precise message instead of a generic syntax error.
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  private final LocalCalendar calendar;
  private final Duration maxFutureSkew;

  /** The codec of the default zone (Asia/Shanghai) with a future skew of one day. */
  public ReadingJson() {
    this(LocalCalendar.defaultCalendar(), DEFAULT_MAX_FUTURE_SKEW);
  }

  /**
   * @param calendar the zone whose offset the written times carry (reading accepts any offset)
   * @param maxFutureSkew how far a data time may lie after {@code now} before it is rejected
   */
  public ReadingJson(LocalCalendar calendar, Duration maxFutureSkew) {
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.maxFutureSkew = Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must not be negative: " + maxFutureSkew);
    }
  }

  /** The reading as UTF-8 JSON. */
  public byte[] write(Reading r) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
      try (JsonGenerator g = FACTORY.createGenerator(out)) {
        write(g, r);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
  }

  /** The reading as a JSON string. */
  public String writeString(Reading r) {
    return new String(write(r), StandardCharsets.UTF_8);
  }

  /** Writes the reading as one JSON object to a generator (for embedding it elsewhere). */
  public void write(JsonGenerator g, Reading r) throws IOException {
    g.writeStartObject();
    g.writeStringField("mn", r.mn());
    g.writeStringField("dataTime", calendar.isoLocal(r.dataTime()));
    g.writeStringField("kind", r.kind().name());
    g.writeStringField("cn", r.kind().cn());
    if (r.qn() != null) {
      g.writeStringField("qn", r.qn());
    }
    if (r.st() != null) {
      g.writeStringField("st", r.st());
    }
    if (r.receiveTime() != null) {
      g.writeStringField("receiveTime", calendar.isoLocal(r.receiveTime()));
    }
    g.writeStringField("format", r.format().name());
    if (r.registryVersion() > 0) {
      g.writeNumberField("registryVersion", r.registryVersion());
    }
    g.writeObjectFieldStart("values");
    for (Sample s : r.samples().values()) {
      g.writeObjectFieldStart(s.code());
      if (!s.sentCode().equals(s.code())) {
        g.writeStringField(SENT_CODE, s.sentCode());
      }
      if (s.sampleTime() != null) {
        g.writeStringField(SAMPLE_TIME, calendar.isoLocal(s.sampleTime()));
      }
      for (Map.Entry<String, Double> v : s.values().entrySet()) {
        g.writeFieldName(v.getKey());
        g.writeNumber(v.getValue().doubleValue());
      }
      if (s.flag() != null) {
        g.writeStringField(FLAG, s.flag().name());
      }
      if (s.eFlag() != null) {
        g.writeStringField(E_FLAG, s.eFlag());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * Reads one canonical reading.
   *
   * @param json UTF-8 JSON, one object
   * @param now the receiving side's clock, for the future-time check
   * @throws RejectedInputException with {@link ReasonCode#BAD_JSON} (not JSON, wrong shape), {@link
   *     ReasonCode#MISSING_FIELD} (no mn, no kind/cn), {@link ReasonCode#BAD_TIME} (data time
   *     missing or not an ISO-8601 time with offset), {@link ReasonCode#NON_NUMERIC} (a value that
   *     is NaN, infinite or not a number), {@link ReasonCode#UNKNOWN_FLAG}, {@link
   *     ReasonCode#FUTURE_TIME}
   */
  public Reading read(byte[] json, Instant now) throws RejectedInputException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(now, "now");
    try (JsonParser p = FACTORY.createParser(json)) {
      return read(p, now);
    } catch (IOException e) {
      // JsonParseException and friends: not JSON at all.
      throw new RejectedInputException(ReasonCode.BAD_JSON, "not valid JSON: " + message(e), e);
    }
  }

  private Reading read(JsonParser p, Instant now) throws IOException, RejectedInputException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw bad("a reading must be a JSON object");
    }
    String mn = null;
    String dataTime = null;
    String kindName = null;
    String cn = null;
    String qn = null;
    String st = null;
    String receiveTime = null;
    String format = null;
    long registryVersion = 0;
    Map<String, Sample> samples = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "mn" -> mn = string(p, value, field);
        case "dataTime" -> {
          if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
            throw new RejectedInputException(
                ReasonCode.BAD_TIME, "dataTime must be an ISO-8601 string, got " + value);
          }
          dataTime = p.getValueAsString();
        }
        case "kind" -> kindName = string(p, value, field);
        case "cn" -> cn = string(p, value, field);
        case "qn" -> qn = string(p, value, field);
        case "st" -> st = string(p, value, field);
        case "receiveTime" -> receiveTime = string(p, value, field);
        case "format" -> format = string(p, value, field);
        case "registryVersion" -> registryVersion = registryVersion(p, value);
        case "values" -> {
          if (samples != null) {
            throw bad("values given twice");
          }
          samples = values(p, value);
        }
        default -> p.skipChildren(); // forward compatibility: unknown fields are ignored
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw bad("unexpected " + t + " in reading object");
    }
    if (p.nextToken() != null) {
      throw bad("trailing content after the reading object");
    }

    if (mn == null || mn.isBlank()) {
      throw new RejectedInputException(ReasonCode.MISSING_FIELD, "mn is missing");
    }
    ReadingKind kind = kind(kindName, cn);
    if (dataTime == null) {
      throw new RejectedInputException(ReasonCode.BAD_TIME, "dataTime is missing");
    }
    Instant time = instant(dataTime, "dataTime");
    if (time.isAfter(now.plus(maxFutureSkew))) {
      throw new RejectedInputException(
          ReasonCode.FUTURE_TIME,
          "dataTime "
              + dataTime
              + " lies more than "
              + maxFutureSkew
              + " after the receive clock "
              + now);
    }
    SourceFormat sourceFormat = SourceFormat.JSON;
    if (format != null) {
      try {
        sourceFormat = SourceFormat.valueOf(format);
      } catch (IllegalArgumentException e) {
        throw bad("format must be HJ212 or JSON, got '" + format + "'");
      }
    }
    Instant received = receiveTime == null ? null : instant(receiveTime, "receiveTime");
    return new Reading(
        mn,
        time,
        kind,
        samples == null ? Map.of() : samples,
        qn,
        st,
        received,
        sourceFormat,
        registryVersion);
  }

  private static long registryVersion(JsonParser p, JsonToken value)
      throws IOException, RejectedInputException {
    if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
      throw bad("registryVersion must be a non-negative integer, got " + p.getText());
    }
    return p.getLongValue();
  }

  private static ReadingKind kind(String kindName, String cn) throws RejectedInputException {
    ReadingKind fromKind = null;
    if (kindName != null) {
      try {
        fromKind = ReadingKind.valueOf(kindName);
      } catch (IllegalArgumentException e) {
        throw bad("kind must be REAL_TIME, MINUTE, HOUR or DAY, got '" + kindName + "'");
      }
    }
    ReadingKind fromCn = null;
    if (cn != null) {
      fromCn =
          ReadingKind.fromCn(cn)
              .orElseThrow(() -> bad("cn " + cn + " is not a data upload (2011/2051/2061/2031)"));
    }
    if (fromKind == null && fromCn == null) {
      throw new RejectedInputException(ReasonCode.MISSING_FIELD, "kind (or cn) is missing");
    }
    if (fromKind != null && fromCn != null && fromKind != fromCn) {
      throw bad("kind " + fromKind + " contradicts cn " + cn);
    }
    return fromKind != null ? fromKind : fromCn;
  }

  private static Map<String, Sample> values(JsonParser p, JsonToken start)
      throws IOException, RejectedInputException {
    if (start == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (start != JsonToken.START_OBJECT) {
      throw bad("values must be an object keyed by parameter code");
    }
    Map<String, Sample> samples = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String code = p.currentName();
      if (code.isEmpty()) {
        throw bad("values has an empty parameter code");
      }
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw bad("values." + code + " must be an object of suffix values");
      }
      if (samples.put(code, sample(p, code)) != null) {
        throw bad("values." + code + " given twice");
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw bad("unexpected " + t + " in values");
    }
    return samples;
  }

  private static Sample sample(JsonParser p, String code)
      throws IOException, RejectedInputException {
    String sentCode = null;
    DataFlag flag = null;
    String eFlag = null;
    Instant sampleTime = null;
    Map<String, Double> values = new LinkedHashMap<>(8);
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case FLAG -> flag = flag(p, value, code);
        case E_FLAG -> eFlag = string(p, value, "values." + code + ".EFlag");
        case SENT_CODE -> sentCode = string(p, value, "values." + code + ".sentCode");
        case SAMPLE_TIME -> {
          String text = string(p, value, "values." + code + ".SampleTime");
          sampleTime = text == null ? null : instant(text, "values." + code + ".SampleTime");
        }
        default -> {
          if (field.isEmpty()) {
            throw bad("values." + code + " has an empty suffix");
          }
          if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            throw bad("values." + code + "." + field + " must be a number, got " + value);
          }
          if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new RejectedInputException(
                ReasonCode.NON_NUMERIC,
                "values." + code + "." + field + " is not a number: " + p.getText());
          }
          double d = p.getDoubleValue();
          if (!Double.isFinite(d)) {
            throw new RejectedInputException(
                ReasonCode.NON_NUMERIC,
                "values." + code + "." + field + " is not a finite number: " + p.getText());
          }
          if (values.put(field, d) != null) {
            throw bad("values." + code + "." + field + " given twice");
          }
        }
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw bad("unexpected " + t + " in values." + code);
    }
    return new Sample(code, sentCode == null ? code : sentCode, values, flag, eFlag, sampleTime);
  }

  /** Data flags by letter, so that reading a flag allocates nothing. */
  private static final DataFlag[] FLAG_BY_LETTER = new DataFlag[128];

  static {
    for (DataFlag f : DataFlag.values()) {
      FLAG_BY_LETTER[f.name().charAt(0)] = f;
    }
  }

  private static DataFlag flag(JsonParser p, JsonToken value, String code)
      throws IOException, RejectedInputException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw bad("values." + code + ".Flag must be a string, got " + value);
    }
    if (p.getTextLength() == 1) {
      char c = p.getTextCharacters()[p.getTextOffset()];
      if (c < FLAG_BY_LETTER.length && FLAG_BY_LETTER[c] != null) {
        return FLAG_BY_LETTER[c];
      }
    }
    throw new RejectedInputException(
        ReasonCode.UNKNOWN_FLAG,
        "values." + code + ".Flag '" + p.getText() + "' is not N F M S D C T B");
  }

  /** A string field's value, {@code null} for JSON null; anything else is BAD_JSON. */
  private static String string(JsonParser p, JsonToken value, String field)
      throws IOException, RejectedInputException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw bad(field + " must be a string, got " + value);
    }
    return p.getText();
  }

  private static Instant instant(String text, String field) throws RejectedInputException {
    try {
      return IsoTime.parse(text);
    } catch (DateTimeException e) {
      throw new RejectedInputException(
          ReasonCode.BAD_TIME,
          field
              + " '"
              + text
              + "' is not an ISO-8601 time with offset, e.g. 2025-03-10T08:00:00+08:00",
          e);
    }
  }

  /** Jackson's message without the source excerpt it appends (which may be the whole payload). */
  static String message(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }

  private static RejectedInputException bad(String message) {
    return new RejectedInputException(ReasonCode.BAD_JSON, message);
  }
}
