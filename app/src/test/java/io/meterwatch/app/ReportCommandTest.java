package io.meterwatch.app;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.console.ConsoleServer;
import io.meterwatch.console.Role;
import io.meterwatch.console.UserStore;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.devservices.EmbeddedKafka;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code meterwatch report} end to end: the year of ReportFixtures on a real (embedded) Kafka, the
 * import through the command, each report read back in its format and compared with hand-computed
 * rows (the same as the core report tests').
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static EmbeddedKafka kafka;
  @TempDir static Path dir;
  static Path registry;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.builder().start();
    kafka.createTopic("alerts", 2, Map.of("retention.ms", "-1"));
    kafka.createTopic("report.entries", 1, Map.of("retention.ms", "-1"));
    // the console reads case states from it (empty here: the reports read alerts)
    kafka.createTopic("cases", 1, Map.of("cleanup.policy", "compact"));
    registry = dir.resolve("city.yaml");
    try (InputStream in = ReportCommandTest.class.getResourceAsStream(REGISTRY_RESOURCE)) {
      Files.copy(in, registry);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (var producer = new KafkaProducer<String, byte[]>(p)) {
      for (CaseEvent e : events()) {
        producer.send(new ProducerRecord<>("alerts", e.caseId(), CaseJson.eventBytes(e))).get();
      }
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("report"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--kafka",
            kafka.bootstrapServers(),
            "--timeout",
            "20",
            "--registry",
            registry.toString()));
    return exec(all);
  }

  static Result exec(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Meterwatch());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  static int entriesOnTopic() {
    return CommittedTopicReader.readAll(
            kafka.bootstrapServers(), "report.entries", Duration.ofSeconds(20))
        .size();
  }

  /**
   * The entries on the topic once {@code expected} are visible. The transaction's commit markers
   * reach the partition after {@code commitTransaction()} returns, so a read_committed reader may
   * briefly see none; more than {@code expected} still fails at once.
   */
  static int entriesOnTopicReaching(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int n = entriesOnTopic();
    while (n < expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
      n = entriesOnTopic();
    }
    return n;
  }

  @Test
  @Order(1)
  void aBadImportFileGetsOneErrorPerBadLineAndImportsNothing() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(
        bad,
        "credit_code,criterion,status,date,note\n"
            + D
            + ",quality,rectifying,2025-05-01,fine\n"
            + D
            + ",quality,finished,2025-05-01,\n"
            + "91610000XXXXXXXXXX,safety,closed,2025-05-01,\n",
        StandardCharsets.UTF_8);
    Result r = run("import", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            bad
                + ": line 3, status: 'finished' is not one of open, rectifying, extended,"
                + " rectified, closure_proposed, closed, dismissed",
            bad
                + ": line 4, credit_code: '91610000XXXXXXXXXX' is not an enterprise of the registry",
            bad + ": 2 bad line(s), nothing imported");
    assertThat(entriesOnTopic()).isZero();
  }

  @Test
  @Order(2)
  void theImportWritesEveryEntry() throws Exception {
    Path good = dir.resolve("entries.csv");
    Files.writeString(good, importCsv(), StandardCharsets.UTF_8);
    Result r = run("import", good.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(good + ": 4 entries imported to report.entries\n");
    assertThat(entriesOnTopicReaching(4)).isEqualTo(4);
  }

  @Test
  @Order(3)
  void exceedingListAsCsvWithBom() throws Exception {
    Path out = dir.resolve("exceeding.csv");
    Result r =
        run("disclosure", "--kind", "exceeding", "--period", "2025-Q1", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    byte[] b = Files.readAllBytes(out);
    assertThat(Arrays.copyOf(b, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    assertThat(new String(b, StandardCharsets.UTF_8).substring(1).split("\r\n"))
        .containsExactly(
            "县区,统一社会信用代码,企业名称,行业,排放口或产品,污染物或指标,超标小时数,超标天数,超标月数,"
                + "最大值,限值,单位,最大值为限值的倍数,执行标准,严重超标,状态,案件编号及状态,备注",
            "汉滨区,"
                + A
                + ",安康汉江水泥有限公司,水泥,窑尾（A-DA001）,二氧化硫（a21026）,2,1,1,"
                + "122.50,35.00,mg/m3,3.50,GB 4915-2013,是,核查中,"
                + aSo2
                + "（核查中）,",
            "旬阳市,"
                + B
                + ",旬阳秦岭水泥有限责任公司,水泥,窑尾（B-DA001）,氮氧化物（a21002）,1,1,1,"
                + "480.00,400.00,mg/m3,1.20,GB 4915-2013,否,核查中,"
                + bNox
                + "（核查中）,");
    assertThat(r.err()).contains("超标排放企业名单").contains("2 row(s)");

    Result empty = run("disclosure", "--kind", "serious", "--period", "2025-02", "--county", "汉滨区");
    assertThat(empty.code()).isZero();
    assertThat(empty.out())
        .isEqualTo(
            "\uFEFF县区,统一社会信用代码,企业名称,行业,排放口或产品,污染物或指标,超标小时数,超标天数,"
                + "超标月数,最大值,限值,单位,最大值为限值的倍数,执行标准,严重超标,状态,案件编号及状态,备注\r\n");
  }

  @Test
  @Order(4)
  void rectificationListAsXlsxOpensWithPoi() throws Exception {
    Path out = dir.resolve("rectification.xlsx");
    Result r =
        run(
            "disclosure",
            "--kind",
            "rectification",
            "--period",
            "2025-H1",
            "--format",
            "xlsx",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    try (Workbook wb = WorkbookFactory.create(out.toFile())) {
      Sheet s = wb.getSheetAt(0);
      assertThat(s.getSheetName()).isEqualTo("disclosure-rectification");
      assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("不达标限期整改企业名单");
      assertThat(s.getRow(1).getCell(0).getStringCellValue())
          .startsWith("统计期间：2025-H1（2025-01-01 至 2025-06-30）　生成时间：");
      assertThat(cells(s.getRow(2)))
          .containsExactly(
              "县区",
              "统一社会信用代码",
              "企业名称",
              "行业",
              "排放口或产品",
              "污染物或指标",
              "超标小时数",
              "超标天数",
              "超标月数",
              "最大值",
              "限值",
              "单位",
              "最大值为限值的倍数",
              "执行标准",
              "严重超标",
              "状态",
              "案件编号及状态",
              "备注");
      assertThat(s.getPaneInformation().isFreezePane()).isTrue();
      assertThat(s.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 3);
      assertThat(cells(s.getRow(3)))
          .containsExactly(
              "汉滨区",
              A,
              "安康汉江水泥有限公司",
              "水泥",
              "clinker",
              CLINKER,
              0.0,
              0.0,
              1.0,
              125.0,
              117.0,
              "kgce/t",
              1.07,
              "GB 16780-2021",
              "",
              "整改中",
              aQ1 + "（整改中）",
              "");
      assertThat(cells(s.getRow(4)))
          .containsExactly(
              "汉滨区",
              D,
              "安康恒达化工有限公司",
              "化工",
              "-",
              "质量",
              0.0,
              0.0,
              0.0,
              null,
              null,
              "",
              null,
              "",
              "",
              "整改中",
              "",
              "导入 2025-05-01：抽检不合格，责令整改");
      assertThat(s.getRow(3).getCell(6).getCellStyle().getDataFormatString()).isEqualTo("0");
      assertThat(s.getRow(3).getCell(9).getCellStyle().getDataFormatString()).isEqualTo("0.00");
      assertThat(s.getRow(5)).isNull();
    }
  }

  @Test
  @Order(5)
  void statisticsByCountyAsXlsxGroupsTheColumnsByCriterion() throws Exception {
    Path out = dir.resolve("statistics.xlsx");
    Result r =
        run(
            "statistics",
            "--year",
            "2025",
            "--as-of",
            "2025-07-19",
            "--format",
            "xlsx",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    try (Workbook wb = WorkbookFactory.create(out.toFile())) {
      Sheet s = wb.getSheetAt(0);
      assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("淘汰落后产能统计表（按县区）");
      assertThat(cells(s.getRow(2)).subList(0, 9))
          .containsExactly("县区", "能耗", null, null, null, null, null, null, "环保");
      assertThat(cells(s.getRow(3)).subList(1, 8))
          .containsExactly("监测企业数", "发现问题企业数", "整改中", "延期整改", "已整改", "拟关停", "已关停");
      assertThat(s.getMergedRegions().stream().map(m -> m.formatAsString()).toList())
          .contains("A3:A4", "B3:H3", "I3:O3", "AD3:AJ3");
      assertThat(s.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 4);
      // 汉滨区: energy 1 monitored, 1 finding, 1 extended; technology 1 closed (imported)
      assertThat(cells(s.getRow(4)))
          .containsExactly(
              "汉滨区", 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0,
              1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0,
              0.0, 1.0);
      assertThat(s.getRow(7).getCell(0).getStringCellValue()).isEqualTo("合计");
      assertThat(s.getRow(7).getCell(2).getNumericCellValue()).isEqualTo(2.0);
    }
  }

  static List<Object> cells(Row row) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < row.getLastCellNum(); i++) {
      Cell c = row.getCell(i);
      out.add(
          c.getCellType() == CellType.NUMERIC
              ? (Object) c.getNumericCellValue()
              : c.getCellType() == CellType.BLANK ? null : c.getStringCellValue());
    }
    return out;
  }

  @Test
  @Order(6)
  void statisticsAsJsonAndClosureAsHtml() throws Exception {
    Result r =
        run(
            "statistics",
            "--year",
            "2025",
            "--as-of",
            "2025-07-19",
            "--by",
            "department",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.path("title").asText()).isEqualTo("淘汰落后产能统计表（按责任部门）");
    assertThat(j.path("period").asText()).isEqualTo("2025 年（截至 2025-07-19）");
    List<String> rows = new ArrayList<>();
    j.path("rows").forEach(n -> rows.add(n.toString()));
    assertThat(rows)
        .containsExactly(
            "{\"department\":\"工业和信息化局、发展和改革委员会\",\"criterion\":\"能耗\",\"monitored\":2,"
                + "\"findings\":2,\"rectifying\":0,\"extended\":1,\"rectified\":1,"
                + "\"closureProposed\":0,\"closed\":0}",
            "{\"department\":\"生态环境局\",\"criterion\":\"环保\",\"monitored\":3,\"findings\":2,"
                + "\"rectifying\":0,\"extended\":0,\"rectified\":0,\"closureProposed\":0,\"closed\":0}",
            "{\"department\":\"市场监督管理局\",\"criterion\":\"质量\",\"monitored\":1,\"findings\":1,"
                + "\"rectifying\":1,\"extended\":0,\"rectified\":0,\"closureProposed\":0,\"closed\":0}",
            "{\"department\":\"应急管理局\",\"criterion\":\"安全\",\"monitored\":1,\"findings\":1,"
                + "\"rectifying\":0,\"extended\":0,\"rectified\":1,\"closureProposed\":0,\"closed\":0}",
            "{\"department\":\"工业和信息化局、发展和改革委员会\",\"criterion\":\"技术\",\"monitored\":1,"
                + "\"findings\":1,\"rectifying\":0,\"extended\":0,\"rectified\":0,"
                + "\"closureProposed\":0,\"closed\":1}",
            "{\"department\":\"合计\",\"criterion\":\"\",\"monitored\":8,\"findings\":7,"
                + "\"rectifying\":1,\"extended\":1,\"rectified\":2,\"closureProposed\":0,"
                + "\"closed\":1}");

    Result html =
        run("rectification", "--as-of", "2025-10-15", "--past-deadline", "--format", "html");
    assertThat(html.code()).as(html.err()).isZero();
    assertThat(html.out())
        .contains("<h1>能耗限额整改逾期（拟关停）企业清单</h1>")
        .contains("统计期间：截至 2025-10-15")
        .contains(
            "<tr><td>汉滨区</td><td>"
                + A
                + "</td><td>安康汉江水泥有限公司</td><td>clinker</td><td>"
                + CLINKER
                + "</td><td class=\"n\">125.00</td><td class=\"n\">117.00</td>"
                + "<td>kgce/t</td><td>2025-01</td><td>2025-07-31</td><td class=\"n\">2</td>"
                + "<td>2025-09-30</td><td class=\"n\">0</td><td>是</td><td>拟关停</td><td>"
                + aQ1
                + "</td></tr>");
    assertThat(html.out().split("<tr>")).hasSize(3); // the heading row and one case
  }

  @Test
  @Order(7)
  void userErrorsAreOneLineNamingTheFlagBeforeKafkaIsAsked() {
    // Kafka at a closed port: a check after the first read would take the 20 s timeout.
    List<String> base = List.of("--kafka", "127.0.0.1:1", "--timeout", "20");
    record Case(List<String> args, String err) {}
    for (Case c :
        List.of(
            new Case(
                List.of("disclosure", "--kind", "exceeding", "--period", "2025-13"),
                "meterwatch report disclosure: --period: not a month: '2025-13' (01..12)"),
            new Case(
                List.of("disclosure", "--kind", "worst", "--period", "2025"),
                "meterwatch report disclosure: --kind: 'worst' is not one of exceeding, serious,"
                    + " rectification, closed"),
            new Case(
                List.of("disclosure", "--period", "2025"),
                "meterwatch report disclosure: --kind: missing (exceeding, serious, rectification"
                    + " or closed)"),
            new Case(
                List.of("disclosure", "--kind", "closed", "--period", "2025", "--county", "x"),
                "meterwatch report disclosure: --county: 'x' is not a county of the registry"
                    + " (hanbin, xunyang, hanyin, shiquan, ningshan, ziyang, langao, pingli,"
                    + " zhenping, baihe, gaoxin, hengkou)"),
            new Case(
                List.of("statistics", "--year", "2025", "--format", "xlsx"),
                "meterwatch report statistics: --out: an xlsx report is a binary file; name the"
                    + " file to write"),
            new Case(
                List.of("statistics", "--year", "2025", "--as-of", "2026-01-01"),
                "meterwatch report statistics: --as-of: 2026-01-01 is not in 2025"),
            new Case(
                List.of("statistics", "--year", "2025", "--format", "pdf"),
                "meterwatch report statistics: --format: 'pdf' is not one of csv, xlsx, html, json"),
            new Case(
                List.of("rectification", "--as-of", "19.7.2025"),
                "meterwatch report rectification: --as-of: '19.7.2025' is not a date like"
                    + " 2025-07-19"),
            new Case(
                List.of("statistics", "--year", "2025", "--registry", "/nonexistent.yaml"),
                "meterwatch report statistics: --registry: cannot read /nonexistent.yaml"))) {
      List<String> args = new ArrayList<>(List.of("report"));
      args.addAll(c.args());
      args.addAll(base);
      Result r = exec(args);
      assertThat(r.code()).as(c.err()).isEqualTo(2);
      assertThat(r.err()).isEqualTo(c.err() + "\n");
      assertThat(r.out()).isEmpty();
    }
  }

  /** A console session's cookie after logging in as {@code name}. */
  static String login(HttpClient http, ConsoleServer c, String name) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(c.url() + "login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name + "&password=" + PASSWORD))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(303);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return cookie.substring(0, cookie.indexOf(';'));
  }

  static HttpResponse<byte[]> get(HttpClient http, ConsoleServer c, String cookie, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(c.url() + path.substring(1)))
            .header("Cookie", cookie)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static final String PASSWORD = "correct-horse-7";
  static final String GENERATED_AT = "2026-01-05T02:00:00Z";

  /**
   * The console's downloads are the command's bytes for the same parameters and time of generation
   * (read from the same topics: the console through its read model), in every format; a county user
   * gets its county's report, and another county's is refused.
   */
  @Test
  @Order(8)
  void theConsoleDownloadsTheBytesOfTheCommand() throws Exception {
    UserStore users = UserStore.empty();
    users.put("duty", Role.BUREAU, PASSWORD.toCharArray());
    users.put("hanbin", Role.parse("county:Hanbin"), PASSWORD.toCharArray());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (ConsoleServer c =
        ConsoleServer.start(
            new ConsoleServer.Settings(
                p,
                "alerts",
                "cases",
                "case.actions",
                users,
                null,
                "127.0.0.1",
                0,
                ZONE,
                null,
                "meterwatch",
                e -> {},
                registry(),
                "report.entries",
                "registry"))) {
      assertThat(c.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      String duty = login(http, c, "duty");
      String hanbin = login(http, c, "hanbin");
      record Same(String user, String path, List<String> command) {}
      List<Same> same =
          List.of(
              new Same(
                  duty,
                  "/api/reports/disclosure-exceeding?period=2025-Q1&format=csv",
                  List.of("disclosure", "--kind", "exceeding", "--period", "2025-Q1")),
              new Same(
                  duty,
                  "/api/reports/disclosure-rectification?period=2025&county=hanbin&format=xlsx",
                  List.of(
                      "disclosure",
                      "--kind",
                      "rectification",
                      "--period",
                      "2025",
                      "--county",
                      "hanbin",
                      "--format",
                      "xlsx")),
              new Same(
                  duty,
                  "/api/reports/statistics?year=2025&asOf=2025-07-19&format=xlsx",
                  List.of(
                      "statistics", "--year", "2025", "--as-of", "2025-07-19", "--format", "xlsx")),
              new Same(
                  duty,
                  "/api/reports/statistics?year=2025&by=department&format=html",
                  List.of(
                      "statistics", "--year", "2025", "--by", "department", "--format", "html")),
              new Same(
                  duty,
                  "/api/reports/rectification?asOf=2025-10-15&format=json",
                  List.of("rectification", "--as-of", "2025-10-15", "--format", "json")),
              // the county user's statistics are its county's, without asking
              new Same(
                  hanbin,
                  "/api/reports/statistics?year=2025&asOf=2025-07-19&format=csv",
                  List.of(
                      "statistics", "--year", "2025", "--as-of", "2025-07-19", "--county", "汉滨区")));
      int i = 0;
      for (Same s : same) {
        Path out = dir.resolve("same-" + i++);
        List<String> args = new ArrayList<>(s.command());
        args.addAll(List.of("--generated-at", GENERATED_AT, "--out", out.toString()));
        Result r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        HttpResponse<byte[]> download =
            get(http, c, s.user(), s.path() + "&generatedAt=" + GENERATED_AT);
        assertThat(download.statusCode()).as(s.path()).isEqualTo(200);
        assertThat(download.body()).as(s.path()).isEqualTo(Files.readAllBytes(out));
      }
      // what the county user got, by hand: its row and the total, equal
      String csv =
          new String(
              get(http, c, hanbin, "/api/reports/statistics?year=2025&asOf=2025-07-19&format=csv")
                  .body(),
              StandardCharsets.UTF_8);
      String hanbinFigures =
          ",1,1,0,1,0,0,0,1,1,0,0,0,0,0,1,1,1,0,0,0,0,0,0,0,0,0,0,0,1,1,0,0,0,0,1";
      assertThat(csv.lines().filter(l -> l.startsWith("汉滨区,") || l.startsWith("合计,")).toList())
          .containsExactly("汉滨区" + hanbinFigures, "合计" + hanbinFigures);
      assertThat(csv).doesNotContain("旬阳市").doesNotContain("平利县");
      HttpResponse<byte[]> xlsx =
          get(http, c, duty, "/api/reports/statistics?year=2025&asOf=2025-07-19&format=xlsx");
      assertThat(xlsx.headers().firstValue("Content-Disposition"))
          .hasValue("attachment; filename=\"statistics-2025-county-2025-07-19.xlsx\"");
      HttpResponse<byte[]> other =
          get(http, c, hanbin, "/api/reports/disclosure-exceeding?period=2025&county=xunyang");
      assertThat(other.statusCode()).isEqualTo(403);
      HttpResponse<byte[]> bad =
          get(http, c, duty, "/api/reports/disclosure-exceeding?period=2025-13");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(new String(bad.body(), StandardCharsets.UTF_8))
          .isEqualTo("{\"error\":\"period: not a month: '2025-13' (01..12)\"}");
    }
  }
}
