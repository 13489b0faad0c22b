package io.meterwatch.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.meterwatch.connectors.kafka.CaseActionSender;
import io.meterwatch.console.report.ReportFormat;
import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseActionType;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseOutcome;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.CaseStatus;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.registry.RegistryDiff;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.report.ReportEntry;
import io.meterwatch.core.report.ReportJson;
import io.meterwatch.core.report.ReportRequest;
import io.meterwatch.core.report.ReportTable;
import io.meterwatch.core.report.SeriousPolicy;
import io.meterwatch.core.standards.StandardsLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bureau console: web pages and a JSON API over one {@link CaseReadModel} (filled and followed
 * by a {@link CaseFollower}), team actions sent to {@code case.actions} with a {@link
 * CaseActionSender}, live updates by server-sent events. docs/console.md describes pages and API.
 */
public final class ConsoleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

  /** The user of a console started without a users file (loopback only). */
  public static final String LOCAL_USER_ROLE = "bureau";

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private final Settings settings;
  private final CaseReadModel model = new CaseReadModel();
  private final Sessions sessions;
  private final LoginThrottle userThrottle;
  private final LoginThrottle addressThrottle;
  private final Map<SseClient, Role> streams = new ConcurrentHashMap<>();

  /**
   * Sends live updates and the streams' heartbeats, one at a time (an {@link SseClient} is not safe
   * for concurrent writes).
   */
  private final ScheduledExecutorService pusher;

  private final CaseActionSender sender;
  private final OutletValues values;
  private final CaseFollower follower;
  private final Sources sources;
  private final PipelineHealth health;
  private final TopicFollower<ReportEntry> entryFollower;
  private final RegistryHistory registryHistory =
      new RegistryHistory(StandardsLoader.loadDefault());
  private final TopicFollower<RegistryVersion> registryFollower;
  private final Javalin app;

  /**
   * What the console shows beside the cases, each optional.
   *
   * @param registry the site registry in force (e.g. the version a registry follower holds; it may
   *     answer {@code null} while there is none), for the enterprise pages; {@code null}: no
   *     enterprise pages
   * @param health where the pipeline health comes from; {@code null}: no health page
   */
  public record Sources(
      java.util.function.Supplier<SiteRegistry> registry, PipelineHealth.Settings health) {
    /** Neither. */
    public static Sources none() {
      return new Sources(null, null);
    }
  }

  /**
   * What a console needs.
   *
   * @param kafka Kafka client properties with {@code bootstrap.servers}
   * @param alertsTopic topic of case events (timelines, feed, live updates, action answers)
   * @param casesTopic compacted topic of case states (the cases the pages list and show)
   * @param actionsTopic topic team actions go to
   * @param users the users; {@code null} for a loopback-only console whose one user is the local
   *     account ({@code localUser}, bureau role)
   * @param localUser name of the local user (the actor of its actions) when {@code users} is null
   * @param bind address to bind
   * @param port port (0 = any free port)
   * @param zone zone the pages show times in
   * @param influxUrl InfluxDB for the outlet charts, or {@code null} for none
   * @param influxDatabase the InfluxDB database of the monitoring job
   * @param onFatal called when the console cannot go on (the follower stopped)
   * @param registry the site registry of the reports (county order and names, enterprises)
   * @param entriesTopic topic of the imported report entries ({@code meterwatch report import})
   * @param registryTopic topic of the published registry versions ({@code meterwatch registry
   *     publish}) shown on the registry page; {@code none}: not followed
   */
  public record Settings(
      Properties kafka,
      String alertsTopic,
      String casesTopic,
      String actionsTopic,
      UserStore users,
      String localUser,
      String bind,
      int port,
      ZoneId zone,
      String influxUrl,
      String influxDatabase,
      Consumer<Throwable> onFatal,
      SiteRegistry registry,
      String entriesTopic,
      String registryTopic) {
    public Settings {
      if (registry == null || entriesTopic == null || registryTopic == null) {
        throw new IllegalArgumentException("the console needs a registry and an entries topic");
      }
      if (kafka == null || kafka.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
        throw new IllegalArgumentException("the console needs Kafka's bootstrap servers");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      if (users == null && !isLoopback(bind)) {
        throw new IllegalArgumentException(
            "without a users file the console binds only to a loopback address, not " + bind);
      }
      if (users == null && (localUser == null || localUser.isBlank())) {
        throw new IllegalArgumentException("without a users file a local user name is needed");
      }
    }

    /** Settings with the demo city's registry and the entries topic {@code report.entries}. */
    public Settings(
        Properties kafka,
        String alertsTopic,
        String casesTopic,
        String actionsTopic,
        UserStore users,
        String localUser,
        String bind,
        int port,
        ZoneId zone,
        String influxUrl,
        String influxDatabase,
        Consumer<Throwable> onFatal) {
      this(
          kafka,
          alertsTopic,
          casesTopic,
          actionsTopic,
          users,
          localUser,
          bind,
          port,
          zone,
          influxUrl,
          influxDatabase,
          onFatal,
          RegistryLoader.loadDefault(),
          "report.entries",
          "registry");
    }

    /** Settings with the default topics, zone Asia/Shanghai and a fatal handler that logs. */
    public static Settings of(String bootstrap, UserStore users, String bind, int port) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      return new Settings(
          p,
          "alerts",
          "cases",
          "case.actions",
          users,
          System.getProperty("user.name"),
          bind,
          port,
          ZoneId.of("Asia/Shanghai"),
          null,
          "meterwatch",
          e -> {});
    }
  }

  /** Whether an address is a loopback address (127.0.0.0/8, ::1, localhost). */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private ConsoleServer(Settings s, Sources sources) {
    this.settings = s;
    this.sources = sources;
    this.sessions = new Sessions(Duration.ofHours(12), System::currentTimeMillis);
    // 5 wrong passwords per name, 20 per address (an office shares one address) in 10 minutes
    this.userThrottle = new LoginThrottle(5, Duration.ofMinutes(10), System::currentTimeMillis);
    this.addressThrottle = new LoginThrottle(20, Duration.ofMinutes(10), System::currentTimeMillis);
    this.pusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "console-push");
              t.setDaemon(true);
              return t;
            });
    pusher.scheduleWithFixedDelay(
        this::heartbeat,
        HEARTBEAT.toMillis(),
        HEARTBEAT.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    this.sender = new CaseActionSender(s.kafka(), s.actionsTopic(), Duration.ofSeconds(10));
    this.values =
        s.influxUrl() == null ? null : new OutletValues(s.influxUrl(), s.influxDatabase());
    this.health = sources.health() == null ? null : PipelineHealth.start(sources.health());
    this.app = routes(javalin());
    this.follower =
        new CaseFollower(
            s.kafka(), s.alertsTopic(), s.casesTopic(), model, this::push, s.onFatal());
    this.entryFollower =
        new TopicFollower<>(
            s.kafka(),
            s.entriesTopic(),
            "report entries",
            ReportJson::readEntry,
            (e, live) -> model.addEntry(e),
            true,
            s.onFatal());
    this.registryFollower =
        "none".equals(s.registryTopic())
            ? null
            : new TopicFollower<>(
                s.kafka(),
                s.registryTopic(),
                "registry versions",
                RegistryVersion::fromJson,
                (v, live) -> registryHistory.add(v),
                true,
                s.onFatal());
  }

  /**
   * Starts the console: follows the case topics and serves the pages.
   *
   * @throws IllegalStateException when the port cannot be bound
   */
  public static ConsoleServer start(Settings s) {
    return start(s, Sources.none());
  }

  /**
   * Starts the console with the registry and pipeline health given.
   *
   * @throws IllegalStateException when the port cannot be bound
   */
  public static ConsoleServer start(Settings s, Sources sources) {
    ConsoleServer c = new ConsoleServer(s, sources);
    try {
      c.app.start(s.bind(), s.port());
    } catch (RuntimeException e) {
      c.close();
      throw new IllegalStateException(
          "cannot serve the console on " + s.bind() + ":" + s.port() + ": " + e.getMessage(), e);
    }
    return c;
  }

  /** The port the console listens on. */
  public int port() {
    return app.port();
  }

  /** The console's base URL. */
  public String url() {
    String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
    return "http://" + host + ":" + port() + "/";
  }

  /** The read model (tests, benchmarks). */
  public CaseReadModel model() {
    return model;
  }

  /**
   * Waits until the records and events on the topics at start (and the report entries) are read.
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    return follower.awaitCaughtUp(timeout)
        && entryFollower.awaitCaughtUp(Duration.ofNanos(Math.max(0, end - System.nanoTime())))
        && (registryFollower == null
            || registryFollower.awaitCaughtUp(
                Duration.ofNanos(Math.max(0, end - System.nanoTime()))));
  }

  private Javalin javalin() {
    return Javalin.create(
        config -> {
          config.showJavalinBanner = false;
          config.jsonMapper(new JavalinJackson(JSON, false));
          config.staticFiles.enableWebjars();
          config.staticFiles.add(
              f -> {
                f.hostedPath = "/assets";
                f.directory = "/console/assets";
                f.location = Location.CLASSPATH;
              });
        });
  }

  private Javalin routes(Javalin a) {
    a.get("/", ctx -> page(ctx, "/console/index.html"));
    a.get("/login", ctx -> resource(ctx, "/console/login.html"));
    a.post("/login", this::login);
    a.post("/logout", this::logout);
    a.get("/api/me", ctx -> ctx.json(me(session(ctx))));
    a.get("/api/overview", this::overview);
    a.get("/api/cases", this::cases);
    a.get("/api/cases/{id}", this::caseDetail);
    a.get("/api/outlets/{id}/values", this::outletValues);
    a.get("/api/enterprises/{code}", this::enterprise);
    a.get("/api/health", this::health);
    a.post("/api/cases/{id}/actions", this::action);
    a.get("/api/reports", this::reports);
    a.get("/api/reports/{report}", this::report);
    a.get("/api/registry", this::registry);
    a.get("/api/registry/diff", this::registryDiff);
    // the SSE response is committed before the client handler runs: authenticate before it
    a.before("/api/stream", this::session);
    a.sse("/api/stream", this::stream);
    a.exception(
        ApiError.class, (e, ctx) -> ctx.status(e.status).json(Map.of("error", e.getMessage())));
    return a;
  }

  /** An API answer other than 200, with its reason. */
  static final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  // ---- authentication -------------------------------------------------------------------

  private Optional<Sessions.Session> currentSession(Context ctx) {
    Optional<Sessions.Session> s = sessions.get(ctx.cookie(Sessions.COOKIE));
    if (s.isEmpty() && settings.users() == null) {
      // loopback-only console without users: the local account is logged in on first visit
      Sessions.Session local = sessions.start(settings.localUser(), Role.BUREAU);
      ctx.header("Set-Cookie", Sessions.cookie(local));
      return Optional.of(local);
    }
    return s;
  }

  private Sessions.Session session(Context ctx) {
    return currentSession(ctx).orElseThrow(() -> new ApiError(401, "log in first"));
  }

  private void page(Context ctx, String resource) throws IOException {
    if (currentSession(ctx).isEmpty()) {
      ctx.redirect("/login");
      return;
    }
    resource(ctx, resource);
  }

  private static void resource(Context ctx, String name) throws IOException {
    try (InputStream in = ConsoleServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ApiError(404, "no page " + name);
      }
      ctx.header("Cache-Control", "no-store");
      ctx.header("X-Frame-Options", "DENY");
      ctx.html(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private void login(Context ctx) {
    if (settings.users() == null) {
      ctx.redirect("/");
      return;
    }
    String name = Optional.ofNullable(ctx.formParam("name")).orElse("").trim();
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    if (!userThrottle.allowed(name) || !addressThrottle.allowed(ctx.ip())) {
      LOG.warn("login refused for {} from {}: too many failures", name, ctx.ip());
      ctx.status(HttpStatus.TOO_MANY_REQUESTS)
          .html(
              "<!doctype html><meta charset=utf-8><p id=throttled>登录失败次数过多，请稍后再试。"
                  + " Too many failed logins, try again later. <a href=/login>OK</a>");
      return;
    }
    Optional<UserStore.User> u = settings.users().authenticate(name, password);
    if (u.isEmpty()) {
      userThrottle.failed(name);
      addressThrottle.failed(ctx.ip());
      LOG.info("failed login for {} from {}", name, ctx.ip());
      ctx.redirect("/login?error=failed", HttpStatus.SEE_OTHER);
      return;
    }
    sessions.end(ctx.cookie(Sessions.COOKIE));
    Sessions.Session s = sessions.start(u.get().name(), u.get().role());
    LOG.info("login {} ({}) from {}", s.user(), s.role(), ctx.ip());
    ctx.header("Set-Cookie", Sessions.cookie(s));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    Sessions.Session s = session(ctx);
    requireCsrf(ctx, s);
    sessions.end(s.id());
    ctx.header("Set-Cookie", Sessions.clearCookie());
    ctx.redirect(settings.users() == null ? "/" : "/login", HttpStatus.SEE_OTHER);
  }

  private static void requireCsrf(Context ctx, Sessions.Session s) {
    if (!s.csrfMatches(ctx.header(Sessions.CSRF_HEADER))) {
      throw new ApiError(403, "missing or wrong " + Sessions.CSRF_HEADER + " header");
    }
  }

  private Map<String, Object> me(Sessions.Session s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.user());
    m.put("role", s.role().toString());
    m.put("county", s.role().county());
    m.put("canAct", s.role().kind() != Role.Kind.VIEWER);
    m.put("csrf", s.csrf());
    m.put("zone", settings.zone().getId());
    m.put("local", settings.users() == null);
    m.put("charts", settings.influxUrl() != null);
    m.put("enterprises", sources.registry() != null);
    m.put("health", health != null);
    return m;
  }

  // ---- reading ------------------------------------------------------------------------

  private void overview(Context ctx) {
    Sessions.Session s = session(ctx);
    ctx.json(model.overview(s.role()::sees, 50));
  }

  private void cases(Context ctx) {
    Sessions.Session s = session(ctx);
    CaseReadModel.Query q;
    try {
      q =
          new CaseReadModel.Query(
              blankToNull(ctx.queryParam("county")),
              blankToNull(ctx.queryParam("rule")),
              parseEnum(Severity.class, ctx.queryParam("severity"), "severity"),
              parseEnum(CaseStatus.class, ctx.queryParam("status"), "status"),
              blankToNull(ctx.queryParam("enterprise")),
              blankToNull(ctx.queryParam("q")),
              parseInt(ctx.queryParam("offset"), 0, "offset"),
              parseInt(ctx.queryParam("limit"), 50, "limit"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    ctx.json(model.page(q, s.role()::sees));
  }

  private CaseRecord visibleCase(Context ctx, Sessions.Session s) {
    String id = ctx.pathParam("id");
    CaseRecord c = model.get(id).orElseThrow(() -> new ApiError(404, "no case " + id));
    if (!s.role().sees(c.county())) {
      throw new ApiError(403, "case " + id + " belongs to another county");
    }
    return c;
  }

  private void caseDetail(Context ctx) {
    Sessions.Session s = session(ctx);
    CaseRecord c = visibleCase(ctx, s);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("case", c);
    m.put("timeline", model.timeline(c.caseId()));
    m.put("timelineDropped", model.droppedFromTimeline(c.caseId()));
    m.put("canAct", s.role().actsOn(c.county()));
    ctx.json(m);
  }

  private void outletValues(Context ctx) throws Exception {
    Sessions.Session s = session(ctx);
    if (values == null) {
      throw new ApiError(503, "the console runs without InfluxDB (--influx-url)");
    }
    String parameter = blankToNull(ctx.queryParam("parameter"));
    if (parameter == null) {
      throw new ApiError(400, "parameter is required");
    }
    Instant from = instant(ctx.queryParam("from"), "from");
    Instant to = instant(ctx.queryParam("to"), "to");
    if (!from.isBefore(to) || Duration.between(from, to).compareTo(OutletValues.MAX_RANGE) > 0) {
      throw new ApiError(400, "from must be before to, at most 62 days apart");
    }
    String county = s.role().kind() == Role.Kind.COUNTY ? s.role().county() : null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outlet", ctx.pathParam("id"));
    m.put("parameter", parameter);
    try {
      m.put("hours", values.hours(ctx.pathParam("id"), parameter, from, to, county));
    } catch (IOException e) {
      throw new ApiError(502, "InfluxDB: " + e.getMessage());
    }
    ctx.json(m);
  }

  private void enterprise(Context ctx) throws Exception {
    Sessions.Session s = session(ctx);
    SiteRegistry registry = sources.registry() == null ? null : sources.registry().get();
    if (registry == null) {
      throw new ApiError(503, "the console has no site registry (--registry, --registry-topic)");
    }
    String code = ctx.pathParam("code");
    var e = registry.enterprise(code).orElseThrow(() -> new ApiError(404, "no enterprise " + code));
    if (!s.role().sees(e.county())) {
      throw new ApiError(403, "enterprise " + code + " belongs to another county");
    }
    // the 7 days end with the enterprise's latest hourly value (a replayed or simulated past
    // shows its data), else with the current hour
    Instant to = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(3600);
    if (values != null) {
      try {
        to = values.latestHourEnd(code).orElse(to);
      } catch (IOException e2) {
        throw new ApiError(502, "InfluxDB: " + e2.getMessage());
      }
    }
    java.time.LocalDate day = to.minusMillis(1).atZone(settings.zone()).toLocalDate();
    ctx.json(EnterpriseView.of(registry, code, day, to, model.ofEnterprise(code)).orElseThrow());
  }

  private void health(Context ctx) {
    session(ctx);
    if (health == null) {
      throw new ApiError(503, "the console runs without pipeline health sources");
    }
    ctx.json(health.report());
  }

  private static Instant instant(String value, String name) {
    try {
      return Instant.parse(value);
    } catch (RuntimeException e) {
      throw new ApiError(400, name + " must be an ISO-8601 instant, e.g. 2026-03-10T00:00:00Z");
    }
  }

  // ---- reports ------------------------------------------------------------------------

  /** The registry id of the county a county role sees, or {@code null} for other roles. */
  private String ownCounty(Role role) {
    if (role.kind() != Role.Kind.COUNTY) {
      return null;
    }
    try {
      return ReportRequest.county(settings.registry(), role.county());
    } catch (ReportRequest.BadParameter e) {
      throw new ApiError(403, "the county of role " + role + " is not in the registry");
    }
  }

  private void reports(Context ctx) {
    Sessions.Session s = session(ctx);
    String own = ownCounty(s.role());
    List<Map<String, String>> reports = new ArrayList<>();
    for (ReportRequest.Report r : ReportRequest.Report.values()) {
      reports.add(Map.of("id", r.id(), "title", r.titleZh()));
    }
    List<Map<String, String>> counties = new ArrayList<>();
    settings
        .registry()
        .counties()
        .values()
        .forEach(
            c -> {
              if (own == null || own.equals(c.id())) {
                counties.add(Map.of("id", c.id(), "name", c.nameZh(), "nameEn", c.nameEn()));
              }
            });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reports", reports);
    m.put("counties", counties);
    m.put("county", own);
    m.put("today", LocalDate.now(settings.zone()).toString());
    m.put("formats", List.of("csv", "xlsx", "html", "json"));
    ctx.json(m);
  }

  /**
   * One report in one format, built from the read model: the bytes {@code meterwatch report} writes
   * for the same parameters. A county user gets its own county's report whatever it asks for
   * without a county, and 403 for another county.
   */
  private void report(Context ctx) {
    Sessions.Session s = session(ctx);
    if (!follower.caughtUp() || !entryFollower.caughtUp()) {
      throw new ApiError(
          503,
          "the console is still reading "
              + settings.casesTopic()
              + ", "
              + settings.alertsTopic()
              + " and "
              + settings.entriesTopic()
              + "; try again in a moment");
    }
    String own = ownCounty(s.role());
    ReportRequest request;
    ReportFormat format;
    Instant generatedAt;
    try {
      ReportRequest.Report which = ReportRequest.Report.of(ctx.pathParam("report"));
      String county = blankToNull(ctx.queryParam("county"));
      if (own != null && county != null) {
        if (!own.equals(ReportRequest.county(settings.registry(), county))) {
          throw new ApiError(403, "role " + s.role() + " sees only the reports of " + own);
        }
      }
      county = own != null ? own : county;
      request =
          switch (which) {
            case STATISTICS ->
                ReportRequest.statistics(
                    ctx.queryParam("year"),
                    ctx.queryParam("asOf"),
                    ctx.queryParam("by"),
                    county,
                    settings.registry());
            case RECTIFICATION ->
                ReportRequest.rectification(
                    ctx.queryParam("asOf"),
                    "true".equalsIgnoreCase(ctx.queryParam("pastDeadline")),
                    county,
                    settings.registry(),
                    LocalDate.now(settings.zone()));
            default ->
                ReportRequest.disclosure(
                    which.kind().name(),
                    ctx.queryParam("period"),
                    county,
                    settings.registry(),
                    SeriousPolicy.defaults());
          };
    } catch (ReportRequest.BadParameter e) {
      throw new ApiError(400, e.param().apiName() + ": " + e.getMessage());
    }
    try {
      format = ReportFormat.of(Optional.ofNullable(ctx.queryParam("format")).orElse("json"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "format: " + e.getMessage());
    }
    String at = blankToNull(ctx.queryParam("generatedAt"));
    generatedAt = at == null ? Instant.now() : instant(at, "generatedAt");
    ReportTable t = model.report(request, settings.registry(), settings.zone(), generatedAt);
    String file = request.fileStem() + "." + format.extension();
    ctx.header("Cache-Control", "no-store");
    ctx.header(
        "Content-Disposition",
        (format.attachment() ? "attachment" : "inline") + "; filename=\"" + file + "\"");
    ctx.contentType(format.contentType());
    ctx.result(format.bytes(t));
  }

  // ---- registry -----------------------------------------------------------------------

  private static Map<String, Object> version(RegistryHistory.Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    RegistryVersion v = e.version();
    m.put("version", v.version());
    m.put("publishedBy", v.publishedBy());
    m.put("publishedAt", v.publishedAt());
    m.put("sha256", v.sha256());
    m.put("bytes", RegistryHistory.bytes(v));
    m.put("applied", e.applied());
    m.put("problem", e.problem());
    if (e.registry() != null) {
      long[] n = RegistryHistory.counts(e.registry());
      m.put("counties", n[0]);
      m.put("enterprises", n[1]);
      m.put("outlets", n[2]);
      m.put("meters", n[3]);
    }
    return m;
  }

  /** The registry page: the version in force, every version read, records skipped. */
  private void registry(Context ctx) {
    session(ctx);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", settings.registryTopic());
    m.put("inForce", registryHistory.inForce().map(ConsoleServer::version).orElse(null));
    m.put("versions", registryHistory.entries().stream().map(ConsoleServer::version).toList());
    m.put("unreadable", registryFollower == null ? 0 : registryFollower.skipped());
    ctx.json(m);
  }

  /** What changed from version {@code a} to version {@code b} (as {@code registry diff @A @B}). */
  private void registryDiff(Context ctx) {
    session(ctx);
    long a = parseInt(ctx.queryParam("a"), -1, "a");
    long b = parseInt(ctx.queryParam("b"), -1, "b");
    if (a < 1 || b < 1) {
      throw new ApiError(400, "a and b are version numbers, e.g. a=1&b=2");
    }
    List<RegistryDiff.Change> changes;
    try {
      changes = registryHistory.diff(a, b);
    } catch (IllegalArgumentException e) {
      throw new ApiError(404, e.getMessage());
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (RegistryDiff.Change c : changes) {
      out.add(
          Map.of(
              "kind", c.kind().name(),
              "area", c.area(),
              "subject", c.subject(),
              "detail", c.detail(),
              "text", c.toString()));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", a);
    m.put("b", b);
    m.put("changes", out);
    ctx.json(m);
  }

  // ---- acting -------------------------------------------------------------------------

  private void action(Context ctx) throws Exception {
    Sessions.Session s = session(ctx);
    requireCsrf(ctx, s);
    CaseRecord c = visibleCase(ctx, s);
    if (!s.role().actsOn(c.county())) {
      throw new ApiError(403, "role " + s.role() + " may not act on case " + c.caseId());
    }
    if (c.status() == CaseStatus.CLOSED || c.key() == null) {
      throw new ApiError(409, "case " + c.caseId() + " is closed");
    }
    CaseAction a = actionOf(c, s.user(), ctx.body());
    sender.send(a);
    LOG.info("{} sent {} for {}", s.user(), a.type(), a.caseId());
    ctx.status(202).json(a);
  }

  /** The action a request body asks for; the checks the case manager would fail are made here. */
  static CaseAction actionOf(CaseRecord c, String actor, String body) {
    JsonNode n;
    try {
      n = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      throw new ApiError(400, "the body is not JSON");
    }
    CaseActionType type = parseEnum(CaseActionType.class, text(n, "type"), "type");
    if (type == null) {
      throw new ApiError(400, "type is required: one of " + List.of(CaseActionType.values()));
    }
    String assignee = text(n, "assignee");
    String comment = text(n, "comment");
    CaseOutcome outcome = parseEnum(CaseOutcome.class, text(n, "outcome"), "outcome");
    Integer months = n.hasNonNull("extendMonths") ? n.get("extendMonths").asInt() : null;
    switch (type) {
      case ASSIGN -> require(assignee != null, "ASSIGN needs an assignee");
      case COMMENT -> require(comment != null, "COMMENT needs a comment");
      case CLOSE -> require(outcome != null, "CLOSE needs an outcome");
      case EXTEND ->
          require(months != null && months >= 1 && months <= 3, "EXTEND needs extendMonths 1..3");
      default -> {}
    }
    return new CaseAction(
        c.caseId(),
        c.key(),
        type,
        Instant.ofEpochMilli(System.currentTimeMillis()),
        actor,
        type == CaseActionType.ASSIGN ? assignee : null,
        comment,
        type == CaseActionType.CLOSE ? outcome : null,
        type == CaseActionType.EXTEND ? months : null);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ApiError(400, message);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
  }

  // ---- live updates -------------------------------------------------------------------

  private void stream(SseClient client) {
    Optional<Sessions.Session> s = sessions.get(client.ctx().cookie(Sessions.COOKIE));
    if (s.isEmpty()) {
      client.ctx().status(401);
      client.close();
      return;
    }
    client.keepAlive();
    client.onClose(() -> streams.remove(client));
    streams.put(client, s.get().role());
    client.sendComment("connected");
  }

  /**
   * How often a quiet live stream gets a comment line: proxies in front of the console close a
   * connection that carried nothing for a while (nginx's {@code proxy_read_timeout} is 60 s by
   * default). The browser would reconnect, but the case events pushed in between would not reach it
   * (the page reads itself anew after a reconnect).
   */
  static final Duration HEARTBEAT = Duration.ofSeconds(10);

  private void heartbeat() {
    for (SseClient c : streams.keySet()) {
      try {
        c.sendComment("heartbeat");
      } catch (RuntimeException ex) {
        streams.remove(c);
      }
    }
  }

  private void push(CaseEvent e) {
    pusher.execute(
        () -> {
          for (Map.Entry<SseClient, Role> c : streams.entrySet()) {
            if (c.getValue().sees(e.county())) {
              try {
                c.getKey().sendEvent("case", e);
              } catch (RuntimeException ex) {
                streams.remove(c.getKey());
              }
            }
          }
        });
  }

  // ---- parsing ------------------------------------------------------------------------

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiError(
          400, name + " '" + value + "' is not one of " + Set.of(type.getEnumConstants()));
    }
  }

  private static int parseInt(String value, int dflt, String name) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiError(400, name + " '" + value + "' is not a number");
    }
  }

  @Override
  public void close() {
    app.stop();
    if (health != null) {
      health.close();
    }
    try {
      if (follower != null) {
        follower.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (entryFollower != null) {
        entryFollower.close();
      }
      if (registryFollower != null) {
        registryFollower.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pusher.shutdownNow();
    sender.close();
  }
}
