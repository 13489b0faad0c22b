package io.meterwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseActionType;
import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Severity;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logins, county scopes, sessions and CSRF of the console's API against a real Kafka: what each
 * role sees, which POSTs are refused, and that a refused POST writes nothing to case.actions.
 */
class AuthTest {
  static final CaseKey HANBIN_SO2 = CaseScript.so2("E-A", "DA001");
  static final CaseKey XUNYANG_SO2 = CaseScript.so2("E-B", "DA002");
  static final CaseKey HANBIN_LATE = CaseScript.so2("E-A", "DA009");

  static ConsoleFixture fx;
  static CaseScript script;
  static String hanbinCase;
  static String xunyangCase;
  static String lateCase;

  @BeforeAll
  static void start() throws Exception {
    fx = new ConsoleFixture(ConsoleFixture.tempDir());
    script = new CaseScript().name("E-A", "Ankang Power").name("E-B", "Xunyang Cement");
    fx.publish(
        script, script.breach(HANBIN_SO2, "Hanbin", Domain.EMISSION, Severity.MAJOR, 0, 49.0));
    fx.publish(
        script, script.breach(XUNYANG_SO2, "Xunyang", Domain.EMISSION, Severity.WARNING, 1, 40.0));
    hanbinCase = script.caseId(HANBIN_SO2);
    xunyangCase = script.caseId(XUNYANG_SO2);
    fx.startConsole();
    // published after start: the console follows the topic
    fx.publish(
        script, script.breach(HANBIN_LATE, "Hanbin", Domain.EMISSION, Severity.MAJOR, 2, 50.0));
    lateCase = script.caseId(HANBIN_LATE);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (fx.console.model().get(lateCase).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
  }

  static List<String> caseIds(HttpResponse<String> r) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode c : ConsoleServer.JSON.readTree(r.body()).get("cases")) {
      out.add(c.get("caseId").asText());
    }
    return out;
  }

  @Test
  void withoutLoginNothingIsServed() throws Exception {
    var anon = fx.http();
    assertThat(anon.get("/api/cases").statusCode()).isEqualTo(401);
    assertThat(anon.get("/api/stream").statusCode()).isEqualTo(401);
    HttpResponse<String> page = anon.get("/");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).hasValue("/login");
    assertThat(anon.get("/login").body()).contains("id=\"login-form\"");
  }

  @Test
  void wrongPasswordGivesNoSession() throws Exception {
    var h = fx.http();
    HttpResponse<String> r = h.login("duty", "wrong-password");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/login?error=failed");
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(h.login("nobody", ConsoleFixture.PASSWORD).headers().firstValue("Location"))
        .hasValue("/login?error=failed");
  }

  @Test
  void sessionCookieIsHttpOnlyAndSameSite() throws Exception {
    HttpResponse<String> r = fx.http().login("duty", ConsoleFixture.PASSWORD);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("mw_session=")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict");
  }

  @Test
  void countyUserSeesOnlyItsCounty() throws Exception {
    var hanbin = fx.http();
    hanbin.login("hanbin", ConsoleFixture.PASSWORD);
    assertThat(caseIds(hanbin.get("/api/cases"))).containsExactly(hanbinCase, lateCase);
    // asking for another county's cases by filter gives none of them
    assertThat(caseIds(hanbin.get("/api/cases?county=Xunyang"))).isEmpty();
    assertThat(hanbin.get("/api/cases/" + xunyangCase).statusCode()).isEqualTo(403);
    assertThat(hanbin.get("/api/cases/" + hanbinCase).statusCode()).isEqualTo(200);
    JsonNode o = ConsoleServer.JSON.readTree(hanbin.get("/api/overview").body());
    assertThat(o.get("open").asInt()).isEqualTo(2);
    assertThat(o.get("counties")).hasSize(1);
    assertThat(o.get("counties").get(0).get("county").asText()).isEqualTo("Hanbin");
    JsonNode me = ConsoleServer.JSON.readTree(hanbin.get("/api/me").body());
    assertThat(me.get("role").asText()).isEqualTo("county:Hanbin");
    assertThat(me.get("zone").asText()).isEqualTo("Asia/Shanghai");
  }

  @Test
  void bureauSeesEveryCounty() throws Exception {
    var duty = fx.http();
    duty.login("duty", ConsoleFixture.PASSWORD);
    assertThat(caseIds(duty.get("/api/cases"))).containsExactly(hanbinCase, xunyangCase, lateCase);
    assertThat(caseIds(duty.get("/api/cases?county=Xunyang"))).containsExactly(xunyangCase);
    assertThat(caseIds(duty.get("/api/cases?limit=1&offset=1"))).containsExactly(xunyangCase);
    assertThat(duty.get("/api/cases?severity=HUGE").statusCode()).isEqualTo(400);
    assertThat(duty.get("/api/cases?limit=0").body()).contains("limit must be 1..500, was 0");
    assertThat(duty.get("/api/cases/E1-000000000000").statusCode()).isEqualTo(404);
    // started without --influx-url: no charts, and the API says why
    HttpResponse<String> values =
        duty.get(
            "/api/outlets/DA001/values?parameter=a21026&from=2026-03-09T00:00:00Z"
                + "&to=2026-03-12T00:00:00Z");
    assertThat(values.statusCode()).isEqualTo(503);
    assertThat(values.body()).contains("the console runs without InfluxDB (--influx-url)");
  }

  @Test
  void refusedPostsWriteNothing() throws Exception {
    var hanbin = fx.http();
    hanbin.login("hanbin", ConsoleFixture.PASSWORD);
    var guest = fx.http();
    guest.login("guest", ConsoleFixture.PASSWORD);
    String ack = "{\"type\":\"ACK\"}";
    int before = fx.actions().size();
    // another county's case
    HttpResponse<String> other =
        hanbin.post("/api/cases/" + xunyangCase + "/actions", ack, hanbin.csrf);
    assertThat(other.statusCode()).isEqualTo(403);
    // no CSRF token, a wrong one, another session's
    assertThat(hanbin.post("/api/cases/" + hanbinCase + "/actions", ack, null).statusCode())
        .isEqualTo(403);
    assertThat(hanbin.post("/api/cases/" + hanbinCase + "/actions", ack, "guess").statusCode())
        .isEqualTo(403);
    assertThat(hanbin.post("/api/cases/" + hanbinCase + "/actions", ack, guest.csrf).statusCode())
        .isEqualTo(403);
    // a viewer sees but does not act
    assertThat(guest.get("/api/cases/" + xunyangCase).statusCode()).isEqualTo(200);
    assertThat(guest.post("/api/cases/" + xunyangCase + "/actions", ack, guest.csrf).statusCode())
        .isEqualTo(403);
    // an action the case manager would reject for want of an argument
    HttpResponse<String> bad =
        hanbin.post("/api/cases/" + hanbinCase + "/actions", "{\"type\":\"CLOSE\"}", hanbin.csrf);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("CLOSE needs an outcome");
    assertThat(fx.actions()).hasSize(before);
  }

  @Test
  void actionCarriesTheUserAndTheCaseKey() throws Exception {
    var xunyang = fx.http();
    xunyang.login("xunyang", ConsoleFixture.PASSWORD);
    HttpResponse<String> r =
        xunyang.post(
            "/api/cases/" + xunyangCase + "/actions",
            "{\"type\":\"ASSIGN\",\"assignee\":\"xunyang-team-2\"}",
            xunyang.csrf);
    assertThat(r.statusCode()).isEqualTo(202);
    List<CaseAction> mine =
        fx.actions().stream().filter(a -> a.caseId().equals(xunyangCase)).toList();
    assertThat(mine).hasSize(1);
    CaseAction a = mine.get(0);
    assertThat(a.type()).isEqualTo(CaseActionType.ASSIGN);
    assertThat(a.actor()).isEqualTo("xunyang");
    assertThat(a.assignee()).isEqualTo("xunyang-team-2");
    assertThat(a.key()).isEqualTo(XUNYANG_SO2);
  }

  @Test
  void repeatedWrongPasswordsAreRateLimited() throws Exception {
    var h = fx.http();
    for (int i = 0; i < 5; i++) {
      assertThat(h.login("guest", "wrong-" + i).headers().firstValue("Location"))
          .hasValue("/login?error=failed");
    }
    HttpResponse<String> refused = h.login("guest", ConsoleFixture.PASSWORD);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(h.cookie).isNull();
    // another user from the same address is not locked out
    assertThat(fx.http().login("duty", ConsoleFixture.PASSWORD).statusCode()).isEqualTo(303);
  }

  @Test
  void logoutEndsTheSession() throws Exception {
    var h = fx.http();
    h.login("duty", ConsoleFixture.PASSWORD);
    assertThat(h.get("/api/me").statusCode()).isEqualTo(200);
    assertThat(h.post("/logout", "", null).statusCode()).isEqualTo(403);
    assertThat(h.post("/logout", "", h.csrf).statusCode()).isEqualTo(303);
    assertThat(h.get("/api/me").statusCode()).isEqualTo(401);
  }
}
