package io.meterwatch.core.json;

import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.model.SourceFormat;
import io.meterwatch.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadingJsonTest {
  private final ReadingJson json = new ReadingJson();

  private Reading read(String text) throws RejectedInputException {
    return json.read(text.getBytes(StandardCharsets.UTF_8), T0);
  }

  @Test
  void writesTheDocumentedShape() {
    Map<String, Sample> samples = new LinkedHashMap<>();
    samples.put("a21026", Sample.of("a21026", linked("Avg", 41.2, "ZsAvg", 50.1), DataFlag.N));
    samples.put(
        "w21003",
        new Sample("w21003", "060", linked("Rtd", 1.803), DataFlag.C, "E1", T0.minusSeconds(60)));
    Reading r =
        new Reading(
            "610902G0010001",
            T0,
            ReadingKind.HOUR,
            samples,
            "20250310090000123",
            "31",
            T0.plusMillis(3_600_412),
            SourceFormat.HJ212);
    assertThat(json.writeString(r))
        .isEqualTo(
            "{\"mn\":\"610902G0010001\",\"dataTime\":\"2025-03-10T08:00:00+08:00\",\"kind\":\"HOUR\","
                + "\"cn\":\"2061\",\"qn\":\"20250310090000123\",\"st\":\"31\","
                + "\"receiveTime\":\"2025-03-10T09:00:00.412+08:00\",\"format\":\"HJ212\","
                + "\"values\":{\"a21026\":{\"Avg\":41.2,\"ZsAvg\":50.1,\"Flag\":\"N\"},"
                + "\"w21003\":{\"sentCode\":\"060\",\"SampleTime\":\"2025-03-10T07:59:00+08:00\","
                + "\"Rtd\":1.803,\"Flag\":\"C\",\"EFlag\":\"E1\"}}}");
  }

  @Test
  void roundTripsSeededRandomReadings() throws RejectedInputException {
    Random rnd = new Random(212);
    List<String> codes = ParameterCatalogue.all().stream().map(p -> p.code()).toList();
    String[] suffixes = {"Rtd", "Avg", "Min", "Max", "Cou", "ZsRtd", "ZsAvg", "ZsMin", "ZsMax"};
    for (int n = 0; n < 2_000; n++) {
      Map<String, Sample> samples = new LinkedHashMap<>();
      int params = rnd.nextInt(8);
      for (int i = 0; i < params; i++) {
        String code = codes.get(rnd.nextInt(codes.size()));
        Map<String, Double> values = new LinkedHashMap<>();
        int k = 1 + rnd.nextInt(5);
        for (int j = 0; j < k; j++) {
          double v =
              switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextInt(1000);
                case 1 -> -rnd.nextDouble() * 130;
                case 2 -> rnd.nextDouble() * 1e12;
                default -> Math.round(rnd.nextDouble() * 1e6) / 1e4;
              };
          values.put(suffixes[rnd.nextInt(suffixes.length)], v);
        }
        DataFlag flag =
            rnd.nextInt(5) == 0 ? null : DataFlag.values()[rnd.nextInt(DataFlag.values().length)];
        String sent = rnd.nextInt(4) == 0 ? "x" + code : code;
        Instant sampleTime = rnd.nextInt(6) == 0 ? T0.minusSeconds(rnd.nextInt(7200)) : null;
        String eFlag = rnd.nextInt(8) == 0 ? "E" + rnd.nextInt(9) : null;
        samples.put(code, new Sample(code, sent, values, flag, eFlag, sampleTime));
      }
      Instant dataTime = T0.minusMillis(rnd.nextLong(400L * 86_400_000L));
      Reading r =
          new Reading(
              "MN" + rnd.nextInt(100_000),
              dataTime,
              ReadingKind.values()[rnd.nextInt(4)],
              samples,
              rnd.nextBoolean() ? Fixtures.CAL.formatQn(dataTime) : null,
              rnd.nextBoolean() ? "31" : null,
              rnd.nextBoolean() ? dataTime.plusMillis(rnd.nextInt(100_000)) : null,
              SourceFormat.values()[rnd.nextInt(2)]);
      byte[] bytes = json.write(r);
      assertThat(json.read(bytes, T0)).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(r);
    }
  }

  private static final String HEAD =
      "{\"mn\":\"610902G0010001\",\"dataTime\":\"2025-03-10T08:00:00+08:00\",\"kind\":\"REAL_TIME\",";

  @Test
  void readsAMinimalReadingWithDefaults() throws RejectedInputException {
    Reading r = read(HEAD + "\"values\":{\"a21026\":{\"Rtd\":41.2}}}");
    assertThat(r.mn()).isEqualTo("610902G0010001");
    assertThat(r.dataTime()).isEqualTo(T0);
    assertThat(r.kind()).isEqualTo(ReadingKind.REAL_TIME);
    assertThat(r.format()).isEqualTo(SourceFormat.JSON);
    assertThat(r.receiveTime()).isNull();
    assertThat(r.qn()).isNull();
    Sample so2 = r.sample("a21026");
    assertThat(so2.value("Rtd")).isEqualTo(41.2);
    assertThat(so2.flag()).isNull();
    assertThat(so2.sentCode()).isEqualTo("a21026");
  }

  @Test
  void carriesTheRegistryVersionTheBridgeJudgedBy() throws RejectedInputException {
    Reading r = read(HEAD + "\"registryVersion\":7,\"values\":{}}");
    assertThat(r.registryVersion()).isEqualTo(7);
    assertThat(json.writeString(r))
        .isEqualTo(
            "{\"mn\":\"610902G0010001\",\"dataTime\":\"2025-03-10T08:00:00+08:00\","
                + "\"kind\":\"REAL_TIME\",\"cn\":\"2011\",\"format\":\"JSON\","
                + "\"registryVersion\":7,\"values\":{}}");
    assertThat(read(HEAD + "\"values\":{}}").registryVersion()).isZero();
    assertThat(json.writeString(r.withRegistryVersion(0))).doesNotContain("registryVersion");
    assertThatThrownBy(() -> read(HEAD + "\"registryVersion\":-1}"))
        .hasMessageContaining("registryVersion must be a non-negative integer");
    assertThatThrownBy(() -> read(HEAD + "\"registryVersion\":\"2\"}"))
        .hasMessageContaining("registryVersion must be a non-negative integer");
  }

  @Test
  void acceptsCnInsteadOfKindAndAnyOffset() throws RejectedInputException {
    Reading r =
        read(
            "{\"mn\":\"M1\",\"dataTime\":\"2025-03-10T00:00:00Z\",\"cn\":\"2061\","
                + "\"future\":{\"ignored\":[1,2]},\"values\":{}}");
    assertThat(r.kind()).isEqualTo(ReadingKind.HOUR);
    assertThat(r.dataTime()).isEqualTo(T0);
    assertThat(r.samples()).isEmpty();
  }

  @Test
  void acceptsADataTimeExactlyAtTheSkewButNotAMillisecondLater() throws RejectedInputException {
    ReadingJson oneHour = new ReadingJson(Fixtures.CAL, Duration.ofHours(1));
    String atLimit = "{\"mn\":\"M1\",\"dataTime\":\"2025-03-10T09:00:00+08:00\",\"kind\":\"HOUR\"}";
    assertThat(oneHour.read(atLimit.getBytes(StandardCharsets.UTF_8), T0).dataTime())
        .isEqualTo(T0.plusSeconds(3600));
    String after =
        "{\"mn\":\"M1\",\"dataTime\":\"2025-03-10T09:00:00.001+08:00\",\"kind\":\"HOUR\"}";
    assertThatThrownBy(() -> oneHour.read(after.getBytes(StandardCharsets.UTF_8), T0))
        .isInstanceOf(RejectedInputException.class)
        .extracting(e -> ((RejectedInputException) e).reason())
        .isEqualTo(ReasonCode.FUTURE_TIME);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          BAD_JSON      | not json                                                        | not valid JSON
          BAD_JSON      | [1,2]                                                           | must be a JSON object
          BAD_JSON      | {"mn":"M1"                                                      | not valid JSON
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR"} {} | trailing content
          BAD_JSON      | {"mn":1,"dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR"}   | mn must be a string
          MISSING_FIELD | {"dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR"}          | mn is missing
          MISSING_FIELD | {"mn":"","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR"}  | mn is missing
          MISSING_FIELD | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00"}              | kind (or cn) is missing
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"WEEK"} | kind must be
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","cn":"9014"}  | cn 9014 is not a data upload
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","cn":"2051"} | kind HOUR contradicts cn 2051
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","format":"XML"} | format must be HJ212 or JSON
          BAD_TIME      | {"mn":"M1","kind":"HOUR"}                                       | dataTime is missing
          BAD_TIME      | {"mn":"M1","dataTime":null,"kind":"HOUR"}                       | dataTime is missing
          BAD_TIME      | {"mn":"M1","dataTime":20250310080000,"kind":"HOUR"}             | dataTime must be an ISO-8601 string
          BAD_TIME      | {"mn":"M1","dataTime":"20250310080000","kind":"HOUR"}           | '20250310080000' is not an ISO-8601 time
          BAD_TIME      | {"mn":"M1","dataTime":"2025-03-10T08:00:00","kind":"HOUR"}      | is not an ISO-8601 time with offset
          BAD_TIME      | {"mn":"M1","dataTime":"2025-02-30T08:00:00+08:00","kind":"HOUR"} | is not an ISO-8601 time
          BAD_TIME      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","receiveTime":"yesterday"} | receiveTime 'yesterday'
          FUTURE_TIME   | {"mn":"M1","dataTime":"2025-03-11T08:00:01+08:00","kind":"HOUR"} | lies more than PT24H after
          NON_NUMERIC   | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":NaN}}} | values.a21026.Avg is not a finite number: NaN
          NON_NUMERIC   | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":Infinity}}} | values.a21026.Avg is not a finite number
          NON_NUMERIC   | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":-Infinity}}} | values.a21026.Avg is not a finite number
          NON_NUMERIC   | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":1e400}}} | values.a21026.Avg is not a finite number
          NON_NUMERIC   | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":"41.2"}}} | values.a21026.Avg is not a number: 41.2
          NON_NUMERIC   | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":null}}} | values.a21026.Avg is not a number
          NON_NUMERIC   | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":true}}} | values.a21026.Avg is not a number
          UNKNOWN_FLAG  | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":1,"Flag":"X"}}} | values.a21026.Flag 'X' is not N F M S D C T B
          UNKNOWN_FLAG  | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":1,"Flag":"n"}}} | values.a21026.Flag 'n'
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":1,"Flag":3}}} | values.a21026.Flag must be a string
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":[1]} | values must be an object
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":41.2}} | values.a21026 must be an object
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":[1]}}} | values.a21026.Avg must be a number
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":1},"a21026":{"Avg":2}}} | values.a21026 given twice
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"a21026":{"Avg":1,"Avg":2}}} | values.a21026.Avg given twice
          BAD_JSON      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"":{"Avg":1}}} | empty parameter code
          BAD_TIME      | {"mn":"M1","dataTime":"2025-03-10T08:00:00+08:00","kind":"HOUR","values":{"w01018":{"Rtd":1,"SampleTime":"noon"}}} | values.w01018.SampleTime 'noon'
          """)
  void rejectsWithTheRightReason(ReasonCode reason, String input, String message) {
    assertThatThrownBy(() -> read(input))
        .isInstanceOfSatisfying(
            RejectedInputException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void rejectsEmptyInput() {
    assertThatThrownBy(() -> read(""))
        .isInstanceOfSatisfying(
            RejectedInputException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.BAD_JSON));
  }

  /** docs/reading-schema.md: the examples are accepted and the schemas are JSON. */
  @Test
  void documentedExamplesAreAcceptedAndSchemasParse() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "reading-schema.md"));
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).hasSize(4);
    Reading example = read(blocks.get(0));
    assertThat(example.kind()).isEqualTo(ReadingKind.HOUR);
    assertThat(example.sample("a21026").value("ZsAvg")).isEqualTo(50.1);
    assertThat(example.sample("w21003").sentCode()).isEqualTo("060");
    ObjectMapper mapper = new ObjectMapper();
    JsonNode schema = mapper.readTree(blocks.get(1));
    assertThat(schema.at("/properties/kind/enum").toString())
        .isEqualTo("[\"REAL_TIME\",\"MINUTE\",\"HOUR\",\"DAY\"]");
    assertThat(new DeadLetterJson().read(blocks.get(2).getBytes(StandardCharsets.UTF_8)).reason())
        .isEqualTo(ReasonCode.CRC_MISMATCH);
    JsonNode dlqSchema = mapper.readTree(blocks.get(3));
    List<String> reasons = new ArrayList<>();
    dlqSchema.at("/properties/reason/enum").forEach(n -> reasons.add(n.asText()));
    assertThat(reasons)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(ReasonCode.values()).map(Enum::name).toList());
    for (ReasonCode c : ReasonCode.values()) {
      assertThat(doc).as("reason table").contains("| `" + c.name() + "` |");
    }
  }

  private static Map<String, Double> linked(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }
}
