package io.meterwatch.connectors.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.devservices.InfluxdProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: InfluxQL results of a local {@link InfluxdProcess} as rows of column -> value. */
public final class InfluxTesting {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InfluxTesting() {}

  /** The rows of the first series of the first statement (empty when there is none). */
  public static List<Map<String, JsonNode>> rows(InfluxdProcess influx, String db, String q)
      throws IOException {
    JsonNode series = JSON.readTree(influx.query(db, q)).path("results").path(0).path("series");
    List<Map<String, JsonNode>> rows = new ArrayList<>();
    for (JsonNode s : series) {
      JsonNode cols = s.path("columns");
      for (JsonNode v : s.path("values")) {
        Map<String, JsonNode> row = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
          row.put(cols.get(i).asText(), v.get(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** {@code SELECT count(field) FROM measurement}, 0 when the measurement is empty. */
  public static long count(InfluxdProcess influx, String db, String measurement, String field)
      throws IOException {
    List<Map<String, JsonNode>> r =
        rows(influx, db, "SELECT count(\"" + field + "\") FROM \"" + measurement + "\"");
    return r.isEmpty() ? 0 : r.get(0).get("count").asLong();
  }

  /** The server's count of HTTP write requests so far ({@code /debug/vars}, httpd writeReq). */
  public static long writeRequests(InfluxdProcess influx) throws IOException {
    var client = java.net.http.HttpClient.newHttpClient();
    try {
      String body =
          client
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(influx.url() + "/debug/vars"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      JsonNode root = JSON.readTree(body);
      for (JsonNode n : root) {
        if ("httpd".equals(n.path("name").asText())) {
          return n.path("values").path("writeReq").asLong();
        }
      }
      throw new IOException("no httpd statistics in /debug/vars");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
