package io.meterwatch.core.json;

import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.model.SourceFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Throughput of the canonical JSON codec on one thread, beside the obvious alternative (Jackson
 * tree model plus {@link OffsetDateTime#parse}). Run on demand, never in {@code mvn verify}:
 *
 * <pre>mvn -B -o -pl core test -Dtest=ReadingJsonBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * The reading is an hourly flue-gas upload with nine parameters (the job's typical input, about 800
 * bytes). Results go to docs/performance.md.
 */
class ReadingJsonBenchmark {
  private static final int WARMUP = 200_000;
  private static final int RUNS = 400_000;

  /**
   * CPU time of this thread: on a shared machine wall-clock throughput measures the neighbours; per
   * CPU-second throughput is what sizing the job needs.
   */
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private final ReadingJson json = new ReadingJson();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void decodeAndEncode() throws Exception {
    run("real-time flue gas (CN 2011, the bulk of the traffic)", realTimeFlueGas());
    run("hourly flue gas (CN 2061)", hourlyFlueGas());
  }

  private void run(String label, Reading reading) throws Exception {
    byte[] bytes = json.write(reading);
    System.out.printf(
        "%n%s: %d bytes, %d parameters%n", label, bytes.length, reading.samples().size());
    assertThat(treeDecode(bytes)).isEqualTo(json.read(bytes, T0));

    double stream = measure("ReadingJson.read (streaming)", () -> json.read(bytes, T0));
    double floor = measure("tokenizing only, no objects (floor)", () -> tokenize(bytes));
    double tree = measure("tree model + OffsetDateTime (comparison)", () -> treeDecode(bytes));
    Reading r = json.read(bytes, T0);
    double write = measure("ReadingJson.write (streaming)", () -> json.write(r));
    double treeWrite =
        measure(
            "ObjectMapper.writeValueAsBytes(tree) (comparison)",
            () -> mapper.writeValueAsBytes(mapper.readTree(bytes)));
    System.out.printf(
        "decode: %.0f/s streaming vs %.0f/s tree (%.1fx), tokenizer floor %.0f/s;"
            + " encode: %.0f/s vs %.0f/s%n",
        stream, tree, stream / tree, floor, write, treeWrite);
  }

  private interface Op {
    Object run() throws Exception;
  }

  private static double measure(String name, Op op) throws Exception {
    int sink = 0;
    for (int i = 0; i < WARMUP; i++) {
      sink += op.run().hashCode() & 1;
    }
    long start = System.nanoTime();
    long cpuStart = CPU.getCurrentThreadCpuTime();
    for (int i = 0; i < RUNS; i++) {
      sink += op.run().hashCode() & 1;
    }
    double cpuSeconds = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    double perCpuSecond = RUNS / cpuSeconds;
    System.out.printf(
        "%-50s %,10.0f per CPU-second (%.2f µs CPU each; wall %,.0f/s) [%d]%n",
        name, perCpuSecond, 1e6 / perCpuSecond, RUNS / wallSeconds, sink & 1);
    return perCpuSecond;
  }

  /** What any JSON decoder pays at least: Jackson's tokenizer over every token. */
  private static Integer tokenize(byte[] bytes) throws IOException {
    int n = 0;
    try (JsonParser p = ReadingJson.FACTORY.createParser(bytes)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
          n += (int) p.getDoubleValue();
        } else if (t == JsonToken.VALUE_STRING) {
          n += p.getTextLength();
        }
      }
    }
    return n;
  }

  /** The straightforward decoder: tree model, then walk it. */
  private Reading treeDecode(byte[] bytes) throws IOException, RejectedInputException {
    JsonNode n = mapper.readTree(bytes);
    Map<String, Sample> samples = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.get("values").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      Map<String, Double> values = new LinkedHashMap<>();
      DataFlag flag = null;
      for (Iterator<Map.Entry<String, JsonNode>> f = p.getValue().fields(); f.hasNext(); ) {
        Map.Entry<String, JsonNode> v = f.next();
        if (v.getKey().equals("Flag")) {
          flag = DataFlag.valueOf(v.getValue().asText());
        } else {
          values.put(v.getKey(), v.getValue().asDouble());
        }
      }
      samples.put(p.getKey(), Sample.of(p.getKey(), values, flag));
    }
    return new Reading(
        n.get("mn").asText(),
        OffsetDateTime.parse(n.get("dataTime").asText()).toInstant(),
        ReadingKind.valueOf(n.get("kind").asText()),
        samples,
        n.get("qn").asText(),
        n.get("st").asText(),
        OffsetDateTime.parse(n.get("receiveTime").asText()).toInstant(),
        SourceFormat.valueOf(n.get("format").asText()));
  }

  private static final String[] FLUE_GAS_CODES = {
    "a21026", "a21002", "a34013", "a19001", "a00000", "a01011", "a01012", "a01013", "a01014"
  };

  private static Reading realTimeFlueGas() {
    Map<String, Sample> samples = new LinkedHashMap<>();
    double v = 12.3456;
    for (String code : FLUE_GAS_CODES) {
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("Rtd", v);
      if (code.startsWith("a2") || code.startsWith("a3")) {
        values.put("ZsRtd", v * 1.4);
      }
      samples.put(code, Sample.of(code, values, DataFlag.N));
      v += 7.77;
    }
    return new Reading(
        "610902G0010001",
        T0,
        ReadingKind.REAL_TIME,
        samples,
        "20250310080000123",
        "31",
        T0.plusMillis(412),
        SourceFormat.HJ212);
  }

  private static Reading hourlyFlueGas() {
    String[] codes = FLUE_GAS_CODES;
    Map<String, Sample> samples = new LinkedHashMap<>();
    double v = 12.3456;
    for (String code : codes) {
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("Min", v);
      values.put("Avg", v * 1.1);
      values.put("Max", v * 1.3);
      values.put("Cou", v * 3600);
      if (code.startsWith("a2") || code.startsWith("a3")) {
        values.put("ZsAvg", v * 1.4);
      }
      samples.put(code, Sample.of(code, values, DataFlag.N));
      v += 7.77;
    }
    Instant hour = T0.minusSeconds(3600);
    return new Reading(
        "610902G0010001",
        hour,
        ReadingKind.HOUR,
        samples,
        "20250310080000123",
        "31",
        T0.plusMillis(412),
        SourceFormat.HJ212);
  }
}
