package io.meterwatch.devservices;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local InfluxDB 1.x server: Debian's {@code influxd} run as a child process with a generated
 * configuration, for tests and the demo. It binds 127.0.0.1 only, on a free HTTP port and a free
 * RPC port, keeps meta, data and WAL in its own directory and sends no usage reports.
 *
 * <p>{@link #stop()} and {@link #start()} keep the port and the directory, so a test can take the
 * database away for a while and bring it back with its data, as an operator's restart would.
 */
public final class InfluxdProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxdProcess.class);

  /** The hint every failure to find the binary carries. */
  public static final String INSTALL_HINT = "install it: apt-get install -y influxdb";

  private final Path binary;
  private final Path dir;
  private final boolean ownsDir;
  private final int httpPort;
  private final int rpcPort;
  private final Duration startTimeout;
  private final String adminUser;
  private final String adminPassword;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private boolean adminCreated;

  private InfluxdProcess(Builder b, Path dir, boolean ownsDir) throws IOException {
    this.binary = b.binary;
    this.dir = dir;
    this.ownsDir = ownsDir;
    this.httpPort = b.httpPort == 0 ? FreePort.pick() : b.httpPort;
    this.rpcPort = FreePort.pick();
    this.startTimeout = b.startTimeout;
    this.adminUser = b.adminUser;
    this.adminPassword = b.adminPassword;
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("influxdb.conf"), config());
  }

  /** A builder with the defaults: {@code /usr/bin/influxd}, a fresh temp dir, free ports. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server with the defaults and waits until it answers {@code /ping}. */
  public static InfluxdProcess startDefault() throws IOException {
    return builder().start();
  }

  /** The HTTP base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The directory holding the configuration, meta, data, WAL and {@code influxd.log}. */
  public Path dir() {
    return dir;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the process (again) on the same port and directory and waits for {@code /ping}. A no-op
   * when it is running.
   */
  public synchronized void start() throws IOException {
    if (isRunning()) {
      return;
    }
    if (!Files.isExecutable(binary)) {
      throw new IOException("InfluxDB server binary " + binary + " not found; " + INSTALL_HINT);
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                binary.toString(), "run", "-config", dir.resolve("influxdb.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()));
    process = pb.start();
    awaitPing();
    if (adminUser != null && !adminCreated) {
      // With auth on and no user yet, InfluxDB 1.x accepts exactly this statement unauthenticated.
      query(
          null,
          "CREATE USER \""
              + adminUser
              + "\" WITH PASSWORD '"
              + adminPassword.replace("'", "\\'")
              + "' WITH ALL PRIVILEGES");
      adminCreated = true;
    }
    LOG.info("influxd running at {} (dir {})", url(), dir);
  }

  /** Stops the process and waits for it to exit; port and directory stay reserved for start(). */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    ChildProcess.stop(process, Duration.ofSeconds(15));
    process = null;
  }

  /** Creates a database (idempotent in InfluxDB 1.x). */
  public void createDatabase(String database) throws IOException {
    query(null, "CREATE DATABASE \"" + database + "\"");
  }

  /**
   * Runs an InfluxQL statement through {@code POST /query} and returns the JSON body; a non-2xx
   * answer or an {@code "error"} in the body is an IOException.
   *
   * @param database the database, or {@code null} for server-level statements
   */
  public String query(String database, String influxQl) throws IOException {
    StringBuilder form = new StringBuilder("q=").append(enc(influxQl));
    if (database != null) {
      form.append("&db=").append(enc(database));
    }
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(url() + "/query"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    if (adminUser != null && adminCreated) {
      rb.header("Authorization", basicAuth(adminUser, adminPassword));
    }
    HttpResponse<String> resp;
    try {
      resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while querying " + url(), e);
    }
    if (resp.statusCode() / 100 != 2 || resp.body().contains("\"error\"")) {
      throw new IOException(
          "InfluxDB query failed (HTTP "
              + resp.statusCode()
              + "): "
              + influxQl
              + " -> "
              + resp.body());
    }
    return resp.body();
  }

  /** Stops the process and deletes the directory when this launcher created it. */
  @Override
  public void close() {
    stop();
    if (ownsDir) {
      TempDirs.deleteTree(dir);
    }
  }

  static String basicAuth(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private void awaitPing() throws IOException {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(2)).build();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            "influxd exited with code "
                + process.exitValue()
                + " before answering /ping; see "
                + dir.resolve("influxd.log"));
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new IOException("interrupted while waiting for influxd", e);
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new IOException(
            "influxd did not answer /ping within "
                + startTimeout
                + "; see "
                + dir.resolve("influxd.log"));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new IOException("interrupted while waiting for influxd", e);
      }
    }
  }

  private String config() {
    // Every listener is explicit: the defaults (:8086, :8088, ifql on :8082) would bind all
    // interfaces and collide with other servers on the same machine.
    return """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"

        [meta]
          dir = "%s"

        [data]
          dir = "%s"
          wal-dir = "%s"
          query-log-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:%d"
          auth-enabled = %s
          log-enabled = false

        [ifql]
          enabled = false

        [monitor]
          # the _internal database only adds disk writes to a test server
          store-enabled = false

        [continuous_queries]
          enabled = false

        [subscriber]
          enabled = false
        """
        .formatted(
            rpcPort,
            dir.resolve("meta"),
            dir.resolve("data"),
            dir.resolve("wal"),
            httpPort,
            adminUser != null);
  }

  /** Settings of a local server; every one has a default. */
  public static final class Builder {
    private Path binary = Path.of("/usr/bin/influxd");
    private Path dir;
    private int httpPort;
    private Duration startTimeout = Duration.ofSeconds(30);
    private String adminUser;
    private String adminPassword;

    private Builder() {}

    /** The server binary (default {@code /usr/bin/influxd} from Debian's influxdb package). */
    public Builder binary(Path binary) {
      this.binary = binary;
      return this;
    }

    /** A directory to keep; by default a fresh temp dir deleted by {@link #close()}. */
    public Builder dir(Path dir) {
      this.dir = dir;
      return this;
    }

    /** A fixed HTTP port; 0 (default) picks a free one. */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Turns authentication on and creates this admin user on first start. */
    public Builder admin(String user, String password) {
      this.adminUser = user;
      this.adminPassword = password;
      return this;
    }

    /** Validates the settings, writes the configuration and starts the server. */
    public InfluxdProcess start() throws IOException {
      Objects.requireNonNull(binary, "binary");
      Objects.requireNonNull(startTimeout, "startTimeout");
      if (httpPort < 0 || httpPort > 65535) {
        throw new IllegalArgumentException("httpPort must be 0..65535, got " + httpPort);
      }
      if ((adminUser == null) != (adminPassword == null)
          || (adminUser != null && (adminUser.isBlank() || adminPassword.isEmpty()))) {
        throw new IllegalArgumentException("admin needs both a non-blank user and a password");
      }
      if (!Files.isExecutable(binary)) {
        throw new IOException("InfluxDB server binary " + binary + " not found; " + INSTALL_HINT);
      }
      boolean owns = dir == null;
      Path d = owns ? TempDirs.create("meterwatch-influxd-") : dir;
      InfluxdProcess p = new InfluxdProcess(this, d, owns);
      try {
        p.start();
      } catch (IOException | RuntimeException e) {
        p.close();
        throw e;
      }
      return p;
    }
  }
}
