package io.meterwatch.connectors.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET http://HOST:PORT/metrics}: Prometheus text, and {@code /health}: a small JSON status
 * with 200 (up) or 503 (down), from the JDK's HTTP server on the address of {@code --metrics-bind}
 * (the command's default is the loopback interface: neither page needs a login, so exposing them to
 * a network is the operator's decision).
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

  MetricsEndpoint(InetSocketAddress bind, Supplier<String> text, Supplier<Health> health) {
    try {
      server = HttpServer.create(bind, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the metrics address " + hostPort(bind), e);
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

  /** Its base URL, e.g. {@code http://127.0.0.1:9464}. */
  String url() {
    return "http://" + hostPort(server.getAddress());
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /**
   * The address {@code HOST:PORT} (or {@code [IPv6]:PORT}) stands for, resolved.
   *
   * @throws IllegalArgumentException naming the setting when it is malformed or the host unknown
   */
  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = colon < 0 ? "" : hostPort.substring(0, colon);
    String port = colon < 0 ? "" : hostPort.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isBlank() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(
          "metricsBind (--metrics-bind) must be HOST:PORT with a port 0..65535 (0 = any free one), was "
              + hostPort);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "metricsBind (--metrics-bind): unknown host " + host + " in " + hostPort, e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
