package io.meterwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hourly values of one outlet and parameter from InfluxDB ({@code hourly_value}, docs/influxdb.md)
 * for the console's charts, with the outlet's measured O2 of the same hours for the reference-O2
 * conversion. Read per request from InfluxDB (the time series is not part of the case read model).
 */
public final class OutletValues {
  /** The measured oxygen parameter (HJ 212 code). */
  static final String O2 = "a19001";

  /** Longest range one request may ask for. */
  public static final Duration MAX_RANGE = Duration.ofDays(62);

  /**
   * One hour.
   *
   * @param time start of the hour
   * @param value the measured hourly value
   * @param converted the value at reference O2, or {@code null}
   * @param referenceO2 the reference O2 in % of the standard, or {@code null}
   * @param o2 the measured O2 in % of the same hour, or {@code null}
   * @param validCount valid minutes, or {@code null}
   * @param valid whether the hour is valid, or {@code null} when not recorded
   * @param flag the hour's data flag, or {@code null}
   * @param unit unit of value and converted
   */
  public record Hour(
      Instant time,
      Double value,
      Double converted,
      Double referenceO2,
      Double o2,
      Long validCount,
      Boolean valid,
      String flag,
      String unit) {}

  private final String url;
  private final String database;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public OutletValues(String url, String database) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.database = database;
  }

  /**
   * The hours in {@code [from, to)}, oldest first.
   *
   * @param county only this county's series, or {@code null} for any
   * @throws IOException when InfluxDB cannot be reached or answers with an error
   */
  public List<Hour> hours(String outlet, String parameter, Instant from, Instant to, String county)
      throws IOException, InterruptedException {
    String where =
        "outlet = "
            + literal(outlet)
            + " AND (parameter = "
            + literal(parameter)
            + " OR parameter = "
            + literal(O2)
            + ")"
            + (county == null ? "" : " AND county = " + literal(county))
            + " AND time >= "
            + from.toEpochMilli()
            + "ms AND time < "
            + to.toEpochMilli()
            + "ms";
    String q =
        "SELECT value, converted, reference_o2, valid_count, valid, flag, unit FROM hourly_value"
            + " WHERE "
            + where
            + " GROUP BY parameter";
    JsonNode result = query(q);
    Map<Long, Double> o2 = new HashMap<>();
    List<JsonNode[]> rows = new ArrayList<>();
    for (JsonNode series : result.path("series")) {
      boolean isO2 = O2.equals(series.path("tags").path("parameter").asText());
      Map<String, Integer> col = new HashMap<>();
      for (int i = 0; i < series.path("columns").size(); i++) {
        col.put(series.path("columns").get(i).asText(), i);
      }
      for (JsonNode v : series.path("values")) {
        if (isO2) {
          o2.put(v.get(0).asLong(), number(v.get(col.get("value"))));
        } else {
          rows.add(
              new JsonNode[] {
                v.get(0),
                v.get(col.get("value")),
                v.get(col.get("converted")),
                v.get(col.get("reference_o2")),
                v.get(col.get("valid_count")),
                v.get(col.get("valid")),
                v.get(col.get("flag")),
                v.get(col.get("unit"))
              });
        }
      }
    }
    List<Hour> out = new ArrayList<>();
    for (JsonNode[] v : rows) {
      long t = v[0].asLong();
      out.add(
          new Hour(
              Instant.ofEpochMilli(t),
              number(v[1]),
              number(v[2]),
              number(v[3]),
              o2.get(t),
              v[4] == null || v[4].isNull() ? null : v[4].asLong(),
              v[5] == null || v[5].isNull() ? null : v[5].asBoolean(),
              v[6] == null || v[6].isNull() ? null : v[6].asText(),
              v[7] == null || v[7].isNull() ? null : v[7].asText()));
    }
    out.sort((a, b) -> a.time().compareTo(b.time()));
    return out;
  }

  /**
   * The end of the latest hour with a value of the enterprise (start of that hour + 1 h), or empty
   * when InfluxDB has none.
   */
  public Optional<Instant> latestHourEnd(String enterprise)
      throws IOException, InterruptedException {
    JsonNode result =
        query("SELECT last(value) FROM hourly_value WHERE enterprise = " + literal(enterprise));
    JsonNode values = result.path("series").path(0).path("values");
    if (values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(values.get(0).get(0).asLong()).plusSeconds(3600));
  }

  private JsonNode query(String q) throws IOException, InterruptedException {
    HttpRequest r =
        HttpRequest.newBuilder(
                URI.create(
                    url
                        + "/query?epoch=ms&db="
                        + URLEncoder.encode(database, StandardCharsets.UTF_8)
                        + "&q="
                        + URLEncoder.encode(q, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IOException("InfluxDB answered " + res.statusCode() + ": " + res.body());
    }
    JsonNode result = ConsoleServer.JSON.readTree(res.body()).path("results").path(0);
    if (result.has("error")) {
      throw new IOException("InfluxDB: " + result.get("error").asText());
    }
    return result;
  }

  private static Double number(JsonNode n) {
    return n == null || n.isNull() ? null : n.asDouble();
  }

  /** An InfluxQL string literal: quotes and backslashes escaped. */
  static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
