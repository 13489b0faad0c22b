package io.meterwatch.core.json;

import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.model.SourceFormat;
import io.meterwatch.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

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

  private static Map<String, Double> linked(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }
}
