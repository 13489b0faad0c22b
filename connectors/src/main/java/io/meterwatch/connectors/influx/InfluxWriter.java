package io.meterwatch.connectors.influx;

import io.meterwatch.core.config.SecretRef;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.influxdb.dto.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes points to InfluxDB 1.x ({@code POST /write}, line protocol, nanosecond precision) in
 * batches of at most {@link #MAX_BATCH_SIZE} points.
 *
 * <p>Points are built and escaped with influxdb-java's {@link Point}; the HTTP exchange is the
 * JDK's {@link HttpClient} rather than influxdb-java's client because the delivery rules depend on
 * the exact status: connection errors, 5xx and 429 are retried with exponential backoff until
 * {@code maxRetryTime} runs out; any other 4xx fails loudly at once (the batch can never succeed).
 * influxdb-java maps answers to exceptions by their message and its batching mode reports errors
 * only to a callback, which would hide both distinctions.
 *
 * <p>One batch is sent at a time on a background thread while the caller fills the next; a failure
 * of that thread is kept and rethrown from the next {@link #write} or {@link #flush}, after which
 * the writer stays failed. Points are idempotent in InfluxDB (measurement + tag set + timestamp
 * identify a point; a rewrite replaces the fields), so a retried or replayed batch changes nothing.
 *
 * <p>Not thread-safe: one caller thread (a Flink sink writer).
 */
public final class InfluxWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

  /** The largest batch: InfluxDB's guidance for 1.x is 5000 points per request. */
  public static final int MAX_BATCH_SIZE = 5000;

  /** Where a cluster's TaskManagers find the InfluxDB password (docs/security.md). */
  public static final String PASSWORD_ENV = "MW_INFLUX_PASSWORD";

  private final Settings settings;

  /** The Authorization header value, or {@code null} without authentication. */
  private final String authorization;

  private final HttpClient http;
  private final URI writeUri;
  private final ExecutorService sender;
  private final AtomicReference<IOException> failure = new AtomicReference<>();
  private List<String> buffer;
  private Future<?> inFlight;
  private long pointsWritten;

  private InfluxWriter(Settings settings) throws IOException {
    this.settings = settings;
    this.authorization =
        settings.user() == null ? null : basicAuth(settings.user(), settings.password().resolve());
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    this.writeUri =
        URI.create(
            settings.url()
                + "/write?precision=ns&db="
                + URLEncoder.encode(settings.database(), StandardCharsets.UTF_8));
    this.buffer = new ArrayList<>(settings.batchSize());
    if (settings.createDatabase()) {
      createDatabase();
    }
    this.sender =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "influx-writer-" + settings.database());
              t.setDaemon(true);
              return t;
            });
  }

  /** A builder with the defaults (see {@link Builder}). */
  public static Builder builder() {
    return new Builder();
  }

  /** Opens a writer for validated settings (what {@link Builder#build()} does). */
  public static InfluxWriter open(Settings settings) throws IOException {
    return new InfluxWriter(settings);
  }

  /**
   * Adds a point; sends a batch when {@link Settings#batchSize()} points are buffered, waiting for
   * the previous batch first. Rethrows an earlier asynchronous failure.
   */
  public void write(Point point) throws IOException {
    rethrowFailure();
    buffer.add(point.lineProtocol(TimeUnit.NANOSECONDS));
    if (buffer.size() >= settings.batchSize()) {
      submitBuffer();
    }
  }

  /** Sends everything buffered and waits until InfluxDB has taken it (or rethrows the failure). */
  public void flush() throws IOException {
    rethrowFailure();
    if (!buffer.isEmpty()) {
      submitBuffer();
    }
    awaitInFlight();
    rethrowFailure();
  }

  /** Points InfluxDB has acknowledged so far. */
  public synchronized long pointsWritten() {
    return pointsWritten;
  }

  /**
   * Stops the sender without flushing: an unflushed buffer is dropped, which is safe in a Flink
   * sink because everything after the last checkpoint is replayed.
   */
  @Override
  public void close() {
    sender.shutdownNow();
  }

  private void submitBuffer() throws IOException {
    awaitInFlight();
    rethrowFailure();
    List<String> batch = buffer;
    buffer = new ArrayList<>(settings.batchSize());
    inFlight =
        sender.submit(
            () -> {
              try {
                send(batch);
              } catch (IOException e) {
                failure.compareAndSet(null, e);
              } catch (RuntimeException e) {
                failure.compareAndSet(null, new IOException("InfluxDB write failed", e));
              }
            });
  }

  private void awaitInFlight() throws IOException {
    if (inFlight == null) {
      return;
    }
    try {
      inFlight.get();
      inFlight = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for an InfluxDB write");
    } catch (ExecutionException e) {
      inFlight = null;
      throw new IOException("InfluxDB sender failed", e.getCause());
    }
  }

  private void rethrowFailure() throws IOException {
    IOException e = failure.get();
    if (e != null) {
      throw new InfluxWriteException(
          "an earlier InfluxDB write to " + writeUri + " failed: " + e.getMessage(),
          e instanceof InfluxWriteException iwe ? iwe.status() : -1,
          e);
    }
  }

  private void send(List<String> lines) throws IOException {
    String body = String.join("\n", lines);
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(writeUri)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    HttpResponse<String> resp = exchange(rb.build(), lines.size() + " points");
    if (resp.statusCode() != 204 && resp.statusCode() != 200) {
      throw new InfluxWriteException(
          "InfluxDB rejected a batch of "
              + lines.size()
              + " points with HTTP "
              + resp.statusCode()
              + ": "
              + resp.body().strip()
              + " (first point: "
              + lines.get(0)
              + ")",
          resp.statusCode(),
          null);
    }
    synchronized (this) {
      pointsWritten += lines.size();
    }
  }

  /**
   * Sends a request, retrying connection errors, 5xx and 429 with exponential backoff until {@code
   * maxRetryTime}; returns the first other answer.
   */
  private HttpResponse<String> exchange(HttpRequest request, String what) throws IOException {
    long deadline = System.nanoTime() + settings.maxRetryTime().toNanos();
    Duration backoff = settings.initialBackoff();
    int attempt = 0;
    while (true) {
      attempt++;
      String problem;
      int status = -1;
      IOException cause = null;
      try {
        HttpResponse<String> resp = http.send(request, HttpResponse.BodyHandlers.ofString());
        status = resp.statusCode();
        if (status < 500 && status != 429) {
          return resp;
        }
        problem = "HTTP " + status + ": " + resp.body().strip();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing to InfluxDB");
      } catch (IOException e) {
        cause = e;
        problem = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (System.nanoTime() + backoff.toNanos() > deadline) {
        throw new InfluxWriteException(
            "InfluxDB at "
                + settings.url()
                + " still failing after "
                + attempt
                + " attempts over "
                + settings.maxRetryTime()
                + " ("
                + what
                + "): "
                + problem,
            status,
            cause);
      }
      LOG.warn(
          "InfluxDB write of {} failed (attempt {}), retrying in {} ms: {}",
          what,
          attempt,
          backoff.toMillis(),
          problem);
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while backing off from InfluxDB");
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }
  }

  private void createDatabase() throws IOException {
    String form =
        "q="
            + URLEncoder.encode(
                "CREATE DATABASE \"" + settings.database() + "\"", StandardCharsets.UTF_8);
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(settings.url() + "/query"))
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    HttpResponse<String> resp = exchange(rb.build(), "CREATE DATABASE");
    if (resp.statusCode() / 100 != 2 || resp.body().contains("\"error\"")) {
      throw new InfluxWriteException(
          "could not create InfluxDB database "
              + settings.database()
              + " (HTTP "
              + resp.statusCode()
              + "): "
              + resp.body().strip(),
          resp.statusCode(),
          null);
    }
  }

  /**
   * Validated writer settings; serializable so a Flink sink can carry them to its writers. They
   * hold where the password is ({@link SecretRef}), not the password: the job graph is stored by
   * Flink and readable by whoever can read its blob and HA storage.
   *
   * @param url base URL, e.g. {@code http://127.0.0.1:8086}
   * @param database target database
   * @param user user name, or {@code null} without authentication
   * @param password where the password is, or {@code null}
   * @param batchSize points per request, 1..5000
   * @param createDatabase whether to run the idempotent {@code CREATE DATABASE} on open
   * @param requestTimeout connect and request timeout
   * @param initialBackoff first pause after a retryable failure
   * @param maxBackoff longest pause between retries
   * @param maxRetryTime how long one batch is retried before the writer fails
   */
  public record Settings(
      String url,
      String database,
      String user,
      SecretRef password,
      int batchSize,
      boolean createDatabase,
      Duration requestTimeout,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration maxRetryTime)
      implements Serializable {
    @Override
    public String toString() {
      return "Settings[url=" + url + ", database=" + database + ", user=" + user + "]";
    }
  }

  /** Writer settings with defaults; {@link #build()} checks them. */
  public static final class Builder {
    private String url;
    private String database;
    private String user;
    private SecretRef password;
    private int batchSize;
    private boolean createDatabase;
    private Duration requestTimeout;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private Duration maxRetryTime;

    private Builder() {
      batchSize = MAX_BATCH_SIZE;
      // CREATE DATABASE is idempotent; turn it off for a user without the privilege.
      createDatabase = true;
      requestTimeout = Duration.ofSeconds(10);
      initialBackoff = Duration.ofMillis(200);
      maxBackoff = Duration.ofSeconds(10);
      // Long enough to ride out a restart or a short outage of InfluxDB (the job back-pressures
      // meanwhile) and shorter than Flink's default 10-minute checkpoint timeout.
      maxRetryTime = Duration.ofMinutes(5);
    }

    /** Base URL of the server (required), e.g. {@code http://127.0.0.1:8086}. */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /** Target database (required). */
    public Builder database(String database) {
      this.database = database;
      return this;
    }

    /**
     * User and password for HTTP basic authentication (optional, both or neither). The password
     * stays in this JVM ({@link SecretRef#local}); a writer elsewhere reads {@link #PASSWORD_ENV}.
     */
    public Builder credentials(String user, String password) {
      return credentials(user, password == null ? null : SecretRef.local(password, PASSWORD_ENV));
    }

    /** User and where the password is found when a writer opens. */
    public Builder credentials(String user, SecretRef password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /** Points per request, 1..5000 (default 5000). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder createDatabase(boolean createDatabase) {
      this.createDatabase = createDatabase;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** First and longest pause between retries (defaults 200 ms and 10 s). */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** How long one batch is retried before the writer fails (default 5 min). */
    public Builder maxRetryTime(Duration maxRetryTime) {
      this.maxRetryTime = maxRetryTime;
      return this;
    }

    /** Checks the settings and returns them, for a {@link InfluxSink}. */
    public Settings settings() {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("InfluxDB url is required, e.g. http://127.0.0.1:8086");
      }
      URI u;
      try {
        u = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("InfluxDB url is not a URL: " + url, e);
      }
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException("InfluxDB url must be http(s)://host:port, got " + url);
      }
      if (database == null || database.isBlank()) {
        throw new IllegalArgumentException("InfluxDB database is required");
      }
      if ((user == null) != (password == null)) {
        throw new IllegalArgumentException("InfluxDB user and password go together");
      }
      if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
        throw new IllegalArgumentException(
            "InfluxDB batchSize must be 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
      }
      requirePositive(requestTimeout, "requestTimeout");
      requirePositive(initialBackoff, "initialBackoff");
      requirePositive(maxBackoff, "maxBackoff");
      requirePositive(maxRetryTime, "maxRetryTime");
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "InfluxDB maxBackoff "
                + maxBackoff
                + " is shorter than initialBackoff "
                + initialBackoff);
      }
      String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      return new Settings(
          base,
          database,
          user,
          password,
          batchSize,
          createDatabase,
          requestTimeout,
          initialBackoff,
          maxBackoff,
          maxRetryTime);
    }

    /** Checks the settings and opens a writer (creating the database when asked). */
    public InfluxWriter build() throws IOException {
      return open(settings());
    }

    private static void requirePositive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("InfluxDB " + name + " must be positive, got " + d);
      }
    }
  }

  /** The HTTP Basic authorization header value InfluxDB 1.x accepts for a user and password. */
  static String basicAuth(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
