package io.meterwatch.console;

import static io.meterwatch.console.CaseScript.hour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseActionType;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.CaseOutcome;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.CaseStatus;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's read model on events made by the case manager's lifecycle. */
class CaseReadModelTest {
  static final CaseKey A = CaseScript.so2("E-A", "DA001");
  static final CaseKey B = CaseScript.so2("E-B", "DA002");
  static final CaseKey C = new CaseKey("E-A", "DA001", "D3", "a21026");
  static final CaseKey D = CaseScript.so2("E-A", "DA003");
  static final Predicate<String> ALL = Role.BUREAU::sees;
  static final Predicate<String> HANBIN = Role.parse("county:Hanbin")::sees;
  static final Predicate<String> XUNYANG = Role.parse("county:Xunyang")::sees;

  CaseScript script;
  CaseReadModel model;
  List<CaseEvent> events;

  @BeforeEach
  void fold() {
    script = new CaseScript().name("E-A", "Ankang Power").name("E-B", "Xunyang Cement");
    events = new ArrayList<>();
    // A: MAJOR SO2 exceedance in Hanbin, acknowledged, a second ACK rejected, then overdue
    events.addAll(script.breach(A, "Hanbin", Domain.EMISSION, Severity.MAJOR, 0, 49.0));
    // C: a data-quality case on the same outlet (due after 72 h)
    events.addAll(script.breach(C, "Hanbin", Domain.DATA_QUALITY, Severity.WARNING, 1, 36.0));
    // B: a WARNING in Xunyang
    events.addAll(script.breach(B, "Xunyang", Domain.EMISSION, Severity.WARNING, 2, 40.0));
    // D: 3.1 times the limit (SEVERE), closed
    events.addAll(script.breach(D, "Hanbin", Domain.EMISSION, Severity.MAJOR, 3, 108.5));
    events.addAll(
        script.act(
            new CaseAction(
                script.caseId(D),
                D,
                CaseActionType.CLOSE,
                hour(5),
                "li",
                null,
                null,
                CaseOutcome.CONFIRMED_VIOLATION,
                null)));
    events.addAll(
        script.act(CaseAction.of(script.caseId(A), A, CaseActionType.ACK, hour(4), "li")));
    events.addAll(
        script.act(CaseAction.of(script.caseId(A), A, CaseActionType.ACK, hour(6), "wu")));
    events.addAll(script.due(A));
    model = new CaseReadModel();
    for (CaseEvent e : events) {
      model.apply(e);
    }
    for (CaseRecord r : script.takeRecords()) {
      model.apply(r);
    }
  }

  static CaseReadModel.Query query(
      String county, String rule, Severity sev, CaseStatus status, String ent, String text) {
    return new CaseReadModel.Query(county, rule, sev, status, ent, text, 0, 50);
  }

  static List<String> ids(CaseReadModel.Page p) {
    return p.cases().stream().map(CaseRecord::caseId).toList();
  }

  @Test
  void takesTheCaseStateFromTheRecordsAndTheTimelineFromTheEvents() {
    // OPENED x4 (D opens SEVERE at once), CLOSED, ACKNOWLEDGED, ACTION_REJECTED, OVERDUE
    assertThat(events.stream().map(CaseEvent::type))
        .containsExactly(
            CaseEventType.OPENED,
            CaseEventType.OPENED,
            CaseEventType.OPENED,
            CaseEventType.OPENED,
            CaseEventType.CLOSED,
            CaseEventType.ACKNOWLEDGED,
            CaseEventType.ACTION_REJECTED,
            CaseEventType.OVERDUE);
    assertThat(model.sequence()).isEqualTo(8);
    assertThat(model.size()).isEqualTo(4);
    CaseRecord a = model.get(script.caseId(A)).orElseThrow();
    assertThat(a.status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
    assertThat(a.overdue()).isTrue();
    assertThat(a.county()).isEqualTo("Hanbin");
    assertThat(a.enterpriseName()).isEqualTo("Ankang Power");
    assertThat(a.worst().value()).isEqualTo(49.0);
    assertThat(a.dueTime()).isEqualTo(hour(25));
    assertThat(model.get(script.caseId(D)).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
    assertThat(model.get(script.caseId(D)).orElseThrow().severity()).isEqualTo(Severity.SEVERE);
  }

  @Test
  void handsAnEventToTheLivePagesOnlyOnceItsRecordIsIn() {
    CaseScript s = new CaseScript();
    CaseReadModel m = new CaseReadModel();
    CaseKey k = CaseScript.so2("E-X", "DA001");
    List<CaseEvent> opened = s.breach(k, "Hanbin", Domain.EMISSION, Severity.MAJOR, 0, 49.0);
    List<CaseRecord> openedRecord = s.takeRecords();
    String id = s.caseId(k);
    // the event first: it waits for its record
    assertThat(m.apply(opened.get(0))).isEmpty();
    assertThat(m.get(id)).isEmpty();
    assertThat(m.apply(openedRecord.get(0))).containsExactly(opened.get(0));
    assertThat(m.get(id).orElseThrow().version()).isEqualTo(1);
    // the record first: the event goes out as it comes
    List<CaseEvent> ack = s.act(CaseAction.of(id, k, CaseActionType.ACK, hour(2), "li"));
    assertThat(m.apply(s.takeRecords().get(0))).isEmpty();
    assertThat(m.apply(ack.get(0))).containsExactly(ack.get(0));
    assertThat(m.get(id).orElseThrow().status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
    // a rejected action changes no case and has no record: it goes out at once
    List<CaseEvent> rejected = s.act(CaseAction.of(id, k, CaseActionType.ACK, hour(3), "wu"));
    assertThat(s.takeRecords()).isEmpty();
    assertThat(rejected.get(0).type()).isEqualTo(CaseEventType.ACTION_REJECTED);
    assertThat(m.apply(rejected.get(0))).containsExactly(rejected.get(0));
    // two events, then one record of version 4 that covers both (compaction keeps the latest)
    List<CaseEvent> both = new ArrayList<>();
    both.addAll(
        s.act(
            new CaseAction(
                id, k, CaseActionType.COMMENT, hour(4), "li", null, "seen", null, null)));
    both.addAll(s.due(k));
    List<CaseRecord> records = s.takeRecords();
    assertThat(both)
        .extracting(CaseEvent::type)
        .containsExactly(CaseEventType.COMMENTED, CaseEventType.OVERDUE);
    assertThat(m.apply(both.get(0))).isEmpty();
    assertThat(m.apply(both.get(1))).isEmpty();
    assertThat(m.apply(records.get(records.size() - 1))).containsExactlyElementsOf(both);
    // an older record does not replace a newer one
    m.apply(openedRecord.get(0));
    assertThat(m.get(id).orElseThrow().version()).isEqualTo(4);
    assertThat(m.get(id).orElseThrow().overdue()).isTrue();
    // one waiting event is handed over by drainWaiting, once
    List<CaseEvent> close =
        s.act(
            new CaseAction(
                id,
                k,
                CaseActionType.CLOSE,
                hour(30),
                "li",
                null,
                null,
                CaseOutcome.FALSE_ALARM,
                null));
    assertThat(m.apply(close.get(0))).isEmpty();
    assertThat(m.drainWaiting()).containsExactly(close.get(0));
    assertThat(m.drainWaiting()).isEmpty();
    assertThat(m.sequence()).isEqualTo(6);
    assertThat(m.timeline(id)).hasSize(6);
  }

  @Test
  void listsOpenCasesInSightByDueTime() {
    String a = script.caseId(A);
    String b = script.caseId(B);
    String c = script.caseId(C);
    // due: A hour 25, B hour 27, C (72 h) hour 74; D is closed and left out
    assertThat(ids(model.page(CaseReadModel.Query.open(), ALL))).containsExactly(a, b, c);
    assertThat(ids(model.page(CaseReadModel.Query.open(), HANBIN))).containsExactly(a, c);
    assertThat(ids(model.page(CaseReadModel.Query.open(), XUNYANG))).containsExactly(b);
    assertThat(model.page(CaseReadModel.Query.open(), ALL).total()).isEqualTo(3);
    // a county user asking for another county gets nothing, not that county's cases
    assertThat(ids(model.page(query("Xunyang", null, null, null, null, null), HANBIN))).isEmpty();
  }

  @Test
  void filtersByEveryField() {
    String a = script.caseId(A);
    String b = script.caseId(B);
    String c = script.caseId(C);
    String d = script.caseId(D);
    assertThat(ids(model.page(query(null, null, null, CaseStatus.CLOSED, null, null), ALL)))
        .containsExactly(d);
    assertThat(ids(model.page(query("hanbin", null, null, null, null, null), ALL)))
        .containsExactly(a, c);
    assertThat(ids(model.page(query(null, "d3", null, null, null, null), ALL))).containsExactly(c);
    assertThat(ids(model.page(query(null, null, Severity.MAJOR, null, null, null), ALL)))
        .containsExactly(a);
    assertThat(ids(model.page(query(null, null, null, null, "xunyang", null), ALL)))
        .containsExactly(b);
    assertThat(ids(model.page(query(null, null, null, null, "E-A", null), ALL)))
        .containsExactly(a, c);
    assertThat(ids(model.page(query(null, null, null, null, null, "DA002"), ALL)))
        .containsExactly(b);
    assertThat(ids(model.page(query(null, null, null, null, null, "ankang  da001"), ALL)))
        .containsExactly(a, c);
  }

  @Test
  void textSearchFollowsTheCasesNewRecords() {
    String a = script.caseId(A);
    String c = script.caseId(C);
    // part of a word, in any case: "ankang" is in A's and C's enterprise name
    assertThat(ids(model.page(query(null, null, null, null, null, "KANG"), ALL)))
        .containsExactly(a, c);
    script.act(
        new CaseAction(a, A, CaseActionType.ASSIGN, hour(7), "li", "Team Zhang", null, null, null));
    script.act(
        new CaseAction(c, C, CaseActionType.ASSIGN, hour(8), "li", "Team Wang", null, null, null));
    for (CaseRecord r : script.takeRecords()) {
      model.apply(r);
    }
    assertThat(ids(model.page(query(null, null, null, null, null, "team"), ALL)))
        .containsExactly(a, c);
    assertThat(ids(model.page(query(null, null, null, null, null, "zhang"), ALL)))
        .containsExactly(a);
    // A is handed on: the old assignee no longer finds it
    script.act(
        new CaseAction(a, A, CaseActionType.ASSIGN, hour(9), "li", "Team Wang", null, null, null));
    for (CaseRecord r : script.takeRecords()) {
      model.apply(r);
    }
    assertThat(ids(model.page(query(null, null, null, null, null, "zhang"), ALL))).isEmpty();
    assertThat(ids(model.page(query(null, null, null, null, null, "wang da001"), ALL)))
        .containsExactly(a, c);
    // every word must be found; the other filters still apply to the hits
    assertThat(ids(model.page(query(null, null, null, null, null, "wang xunyang"), ALL))).isEmpty();
    assertThat(ids(model.page(query(null, "d3", null, null, null, "wang"), ALL)))
        .containsExactly(c);
    assertThat(ids(model.page(query(null, null, null, null, null, "wang"), XUNYANG))).isEmpty();
  }

  @Test
  void pagesKeepTheTotal() {
    var first = model.page(new CaseReadModel.Query(null, null, null, null, null, null, 0, 2), ALL);
    var second = model.page(new CaseReadModel.Query(null, null, null, null, null, null, 2, 2), ALL);
    var beyond = model.page(new CaseReadModel.Query(null, null, null, null, null, null, 9, 2), ALL);
    assertThat(ids(first)).containsExactly(script.caseId(A), script.caseId(B));
    assertThat(ids(second)).containsExactly(script.caseId(C));
    assertThat(ids(beyond)).isEmpty();
    assertThat(List.of(first.total(), second.total(), beyond.total())).containsExactly(3, 3, 3);
    assertThatThrownBy(() -> new CaseReadModel.Query(null, null, null, null, null, null, 0, 0))
        .hasMessage("limit must be 1..500, was 0");
    assertThatThrownBy(() -> new CaseReadModel.Query(null, null, null, null, null, null, -1, 5))
        .hasMessage("offset must be >= 0, was -1");
  }

  @Test
  void overviewCountsByCountyAndDomain() {
    CaseReadModel.Overview o = model.overview(ALL, 50);
    assertThat(o.open()).isEqualTo(3);
    assertThat(o.overdue()).isEqualTo(1);
    assertThat(o.counties())
        .containsExactly(
            new CaseReadModel.CountyCounts(
                "Hanbin", 2, 1, 1, Map.of(Domain.EMISSION, 1, Domain.DATA_QUALITY, 1)),
            new CaseReadModel.CountyCounts("Xunyang", 1, 0, 0, Map.of(Domain.EMISSION, 1)));
    // newest first
    assertThat(o.feed().get(0).type()).isEqualTo(CaseEventType.OVERDUE);
    assertThat(o.feed()).hasSize(8);
    assertThat(model.overview(ALL, 2).feed()).hasSize(2);
    CaseReadModel.Overview x = model.overview(XUNYANG, 50);
    assertThat(x.open()).isEqualTo(1);
    assertThat(x.counties())
        .extracting(CaseReadModel.CountyCounts::county)
        .containsExactly("Xunyang");
    assertThat(x.feed())
        .extracting(CaseEvent::caseId, CaseEvent::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(script.caseId(B), CaseEventType.OPENED));
  }

  @Test
  void overviewCountsFollowEveryRecordAppliedAndIgnoreAnOlderOne() {
    CaseRecord acknowledged = model.get(script.caseId(A)).orElseThrow();
    // A (Hanbin, MAJOR, overdue) is closed: Hanbin keeps only the data-quality case C
    script.act(
        new CaseAction(
            script.caseId(A),
            A,
            CaseActionType.CLOSE,
            hour(30),
            "li",
            null,
            null,
            CaseOutcome.CONFIRMED_VIOLATION,
            null));
    // B (Xunyang) escalates to SEVERE with a second, worse hour
    script.breach(B, "Xunyang", Domain.EMISSION, Severity.SEVERE, 3, 120.0);
    for (CaseRecord r : script.takeRecords()) {
      model.apply(r);
    }
    CaseReadModel.Overview o = model.overview(ALL, 50);
    assertThat(o.open()).isEqualTo(2);
    assertThat(o.overdue()).isZero();
    assertThat(o.counties())
        .containsExactly(
            new CaseReadModel.CountyCounts("Hanbin", 1, 0, 0, Map.of(Domain.DATA_QUALITY, 1)),
            new CaseReadModel.CountyCounts("Xunyang", 1, 0, 1, Map.of(Domain.EMISSION, 1)));
    // a late copy of A's older record changes nothing: the model keeps the newer one
    model.apply(acknowledged);
    assertThat(model.overview(ALL, 50).counties()).isEqualTo(o.counties());
    // the county user's overview is its own row of the same counts
    assertThat(model.overview(XUNYANG, 50).counties())
        .containsExactly(
            new CaseReadModel.CountyCounts("Xunyang", 1, 0, 1, Map.of(Domain.EMISSION, 1)));
  }

  @Test
  void timelineKeepsRejectionsAndTheOpeningWhenCapped() {
    assertThat(model.timeline(script.caseId(A)))
        .extracting(TimelineEntry::type, TimelineEntry::actor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(CaseEventType.OPENED, null),
            org.assertj.core.groups.Tuple.tuple(CaseEventType.ACKNOWLEDGED, "li"),
            org.assertj.core.groups.Tuple.tuple(CaseEventType.ACTION_REJECTED, "wu"),
            org.assertj.core.groups.Tuple.tuple(CaseEventType.OVERDUE, null));
    // an entry keeps what the page shows of its event, not the case's facts again
    assertThat(model.timeline(script.caseId(A)).get(0))
        .isEqualTo(
            new TimelineEntry(
                CaseEventType.OPENED,
                hour(1),
                Severity.MAJOR,
                CaseStatus.OPEN,
                null,
                null,
                new TimelineEntry.Figures(49.0, 35.0, "mg/m3")));
    String b = script.caseId(B);
    for (int i = 0; i < 250; i++) {
      for (CaseEvent e :
          script.act(
              new CaseAction(
                  b,
                  B,
                  CaseActionType.COMMENT,
                  hour(10).plusSeconds(i),
                  "li",
                  null,
                  "note " + i,
                  null,
                  null))) {
        model.apply(e);
      }
    }
    List<TimelineEntry> t = model.timeline(b);
    assertThat(t).hasSize(CaseReadModel.TIMELINE_CAP);
    assertThat(t.get(0).type()).isEqualTo(CaseEventType.OPENED);
    assertThat(t.get(1).note()).isEqualTo("note 51");
    assertThat(t.get(t.size() - 1).note()).isEqualTo("note 249");
    assertThat(model.droppedFromTimeline(b)).isEqualTo(51);
    assertThat(model.timeline("E1-unknown")).isEmpty();
  }

  @Test
  void rolesScopeSightAndActions() {
    Role county = Role.parse("county:Hanbin");
    Role viewer = Role.parse("viewer");
    assertThat(county.sees("hanbin")).isTrue();
    assertThat(county.sees("Xunyang")).isFalse();
    assertThat(county.sees(null)).isFalse();
    assertThat(county.actsOn("Hanbin")).isTrue();
    assertThat(viewer.sees("Xunyang")).isTrue();
    assertThat(viewer.actsOn("Xunyang")).isFalse();
    assertThat(Role.BUREAU.actsOn("Xunyang")).isTrue();
    assertThat(county.toString()).isEqualTo("county:Hanbin");
    assertThatThrownBy(() -> Role.parse("admin"))
        .hasMessage("role 'admin' is not one of bureau, viewer, county:<county id>");
    assertThatThrownBy(() -> Role.parse("county:"))
        .hasMessage("role 'county:' is not one of bureau, viewer, county:<county id>");
  }

  @Test
  void throttleRefusesAfterFiveFailuresWithinTheWindow() {
    long[] now = {0};
    LoginThrottle t = new LoginThrottle(5, java.time.Duration.ofMinutes(10), () -> now[0]);
    for (int i = 0; i < 5; i++) {
      assertThat(t.allowed("user:li", "ip:1")).isTrue();
      t.failed("user:li", "ip:1");
      now[0] += 1000;
    }
    assertThat(t.allowed("user:li")).isFalse();
    assertThat(t.allowed("ip:1")).isFalse();
    assertThat(t.allowed("user:wu", "ip:2")).isTrue();
    now[0] = 600_000; // the first failure (t = 0) leaves the window
    assertThat(t.allowed("user:li", "ip:1")).isTrue();
  }
}
