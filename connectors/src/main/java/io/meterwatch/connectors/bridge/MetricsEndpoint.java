package io.meterwatch.connectors.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET http://127.0.0.1:PORT/metrics}: Prometheus text, and {@code /health}: a small JSON
 * status with 200 (up) or 503 (down), from the JDK's HTTP server, bound to the loopback interface
 * only (scrape it through a local agent or a tunnel, not from the network).
 */
final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  /**
   * What {@code /health} answers.
   *
   * @param status the HTTP status: 200 up, 503 down
   * @param json the body
   */
  record Health(int status, String json) {}

  MetricsEndpoint(int port, Supplier<String> text, Supplier<Health> health) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the metrics port 127.0.0.1:" + port, e);
    }
    server.createContext(
        "/metrics",
        exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.get()));
    server.createContext(
        "/health",
        exchange -> {
          Health h = health.get();
          respond(exchange, h.status(), "application/json", h.json());
        });
    server.start();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port it listens on (the one picked when 0 was asked for). */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
