package io.meterwatch.console;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.CaseStates;
import io.meterwatch.core.cases.CaseStatus;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.report.CaseHistory;
import io.meterwatch.core.report.ReportEntry;
import io.meterwatch.core.report.ReportRequest;
import io.meterwatch.core.report.ReportTable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The console's one read model: the current state of every case as the job publishes it on the
 * compacted {@code cases} topic ({@link CaseStates}, what {@code meterwatch tasks list} shows), and
 * from the {@code alerts} event log each case's timeline and a feed of the latest events. Filled
 * once at start, then followed; pages and the API read it and never re-read a topic. Thread-safe:
 * one follower thread writes, request threads read.
 *
 * <p>The job commits an event on {@code alerts} and the case's new record on {@code cases} on the
 * same checkpoint, but a reader may see either first. {@link #apply(CaseEvent)} and {@link
 * #apply(CaseRecord)} therefore hand back an event for the live pages only once the model holds the
 * state after it (the record's {@code version} counts the case's changing events), so a page
 * redrawn on a pushed event shows that event's result.
 *
 * <p>For the reports the model also keeps every case's whole history ({@link CaseHistory}, the fold
 * of {@code meterwatch report}, fed from {@code alerts}) and the imported entries of {@code
 * report.entries}.
 */
public final class CaseReadModel {
  /** Timeline entries kept per case: a long-running case keeps its first and latest events. */
  static final int TIMELINE_CAP = 200;

  /** Events kept for the live feed. */
  static final int FEED_CAP = 500;

  /**
   * A text search whose hits are fewer than the cases / this sorts its hits; more hits are found by
   * the walk of the list order, which costs about as much as sorting an eighth of the cases.
   */
  private static final int SORT_BELOW = 8;

  /** Page size limit of {@link #page}. */
  public static final int MAX_PAGE = 500;

  /**
   * A filter over cases; each {@code null} field matches anything.
   *
   * @param county county (case-insensitive)
   * @param rule rule id (case-insensitive)
   * @param severity severity
   * @param status status; {@code null} means every status but CLOSED
   * @param enterprise credit code or part of the enterprise name
   * @param text words found in case id, enterprise, subject, parameter or assignee
   * @param offset first case of the page (0-based)
   * @param limit page size, 1..{@link #MAX_PAGE}
   */
  public record Query(
      String county,
      String rule,
      Severity severity,
      CaseStatus status,
      String enterprise,
      String text,
      int offset,
      int limit) {
    public Query {
      if (offset < 0) {
        throw new IllegalArgumentException("offset must be >= 0, was " + offset);
      }
      if (limit < 1 || limit > MAX_PAGE) {
        throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ", was " + limit);
      }
    }

    /** Every open case, first page of 50. */
    public static Query open() {
      return new Query(null, null, null, null, null, null, 0, 50);
    }
  }

  /**
   * One page of cases sorted by due time (no due time last), then case id.
   *
   * @param total cases matching the query
   * @param cases the cases of the page
   */
  public record Page(int total, List<CaseRecord> cases) {}

  /**
   * Counts of one county.
   *
   * @param county the county
   * @param open cases not closed
   * @param overdue open cases past their due time
   * @param majorOrWorse open cases of severity MAJOR or above
   * @param byDomain open cases per domain
   */
  public record CountyCounts(
      String county, int open, int overdue, int majorOrWorse, Map<Domain, Integer> byDomain) {}

  /**
   * What the duty officer's overview shows.
   *
   * @param open open cases in sight
   * @param overdue overdue open cases in sight
   * @param counties counts per county, by county name
   * @param feed the latest case events, newest first
   * @param sequence number of events folded so far (the feed's position)
   */
  public record Overview(
      int open, int overdue, List<CountyCounts> counties, List<CaseEvent> feed, long sequence) {}

  /** One case's events as read from {@code alerts}. */
  private static final class Timeline {
    final Deque<TimelineEntry> events = new ArrayDeque<>(4);
    int dropped;
    // events that change the case (not ACTION_REJECTED), the count the record's version reaches
    int changes;
    // changing events whose record has not been read yet, oldest first, with their ordinal
    final Deque<Map.Entry<Integer, CaseEvent>> waiting = new ArrayDeque<>();
  }

  /** The open cases of one county, kept as records arrive so the overview never recounts. */
  private static final class Counts {
    int open;
    int overdue;
    int majorOrWorse;
    final int[] byDomain = new int[Domain.values().length];

    /** Adds ({@code sign} 1) or takes away (-1) an open case. */
    void add(CaseRecord c, int sign) {
      open += sign;
      if (c.overdue()) {
        overdue += sign;
      }
      if (c.severity() != null && c.severity().compareTo(Severity.MAJOR) >= 0) {
        majorOrWorse += sign;
      }
      if (c.domain() != null) {
        byDomain[c.domain().ordinal()] += sign;
      }
    }
  }

  /** The order of the case list: due time (none last), then case id. */
  private static final Comparator<CaseRecord> BY_DUE =
      Comparator.comparing(
              CaseRecord::dueTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(CaseRecord::caseId);

  private final CaseStates states = new CaseStates();
  // every case in list order, kept as records arrive, so a page is one filtered walk, no sort
  private final TreeSet<CaseRecord> byDue = new TreeSet<>(BY_DUE);
  private final Map<String, Timeline> timelines = new HashMap<>();
  private final Deque<CaseEvent> feed = new ArrayDeque<>();
  // open cases per county (the null key: cases without a county), updated by every record applied:
  // a redraw of the overview costs the counties and the feed, not a count of every case
  private final Map<String, Counts> openByCounty = new HashMap<>();
  // the text search's index, kept as records arrive: each word of a case's search text (haystack)
  // but its id -> the ids of the cases whose text has it; a search tests the distinct words, which
  // are few (enterprises, outlets, parameters, names, assignees, counties), not every case
  private final Map<String, Set<String>> words = new HashMap<>();
  // and every case id, lower-cased, one per line in arrival order (a case keeps its id and is never
  // removed): one scan of this text finds the ids that hold a word without visiting each case
  private final StringBuilder idText = new StringBuilder();
  private final List<String> ids = new ArrayList<>();
  private int[] idStarts = new int[1024];
  private final CaseHistory.Folder histories = new CaseHistory.Folder();
  private final List<ReportEntry> entries = new ArrayList<>();
  private long sequence;
  private long records;

  /**
   * Takes one event of {@code alerts} in: the case's timeline (rejected actions too, so the page
   * shows why an action did not apply) and the feed.
   *
   * @return the events now ready for the live pages: this one when the model already holds the
   *     state after it (or it changes no case), else none until its record arrives
   */
  public synchronized List<CaseEvent> apply(CaseEvent e) {
    histories.add(e);
    Timeline t = timelines.computeIfAbsent(e.caseId(), id -> new Timeline());
    if (t.events.size() == TIMELINE_CAP) {
      // keep OPENED (the first entry) and drop the oldest of the rest
      TimelineEntry first = t.events.pollFirst();
      t.events.pollFirst();
      t.events.addFirst(first);
      t.dropped++;
    }
    t.events.addLast(TimelineEntry.of(e));
    feed.addFirst(e);
    if (feed.size() > FEED_CAP) {
      feed.pollLast();
    }
    sequence++;
    if (e.type() == CaseEventType.ACTION_REJECTED) {
      return List.of(e);
    }
    t.changes++;
    Optional<CaseRecord> r = states.get(e.caseId());
    if (r.isPresent() && r.get().version() >= t.changes) {
      return List.of(e);
    }
    t.waiting.addLast(Map.entry(t.changes, e));
    return List.of();
  }

  /**
   * Takes one record of {@code cases} in (a record older than the one held is ignored).
   *
   * @return the case's events that waited for this state, oldest first
   */
  public synchronized List<CaseEvent> apply(CaseRecord r) {
    CaseRecord old = states.get(r.caseId()).orElse(null);
    states.apply(r);
    CaseRecord now = states.get(r.caseId()).orElseThrow();
    if (now != old) {
      if (old != null) {
        byDue.remove(old);
        count(old, -1);
      }
      byDue.add(now);
      count(now, 1);
      index(old, now);
    }
    records++;
    Timeline t = timelines.get(r.caseId());
    if (t == null || t.waiting.isEmpty()) {
      return List.of();
    }
    int version = states.get(r.caseId()).map(CaseRecord::version).orElse(0);
    List<CaseEvent> ready = new ArrayList<>();
    while (!t.waiting.isEmpty() && t.waiting.peekFirst().getKey() <= version) {
      ready.add(t.waiting.pollFirst().getValue());
    }
    return ready;
  }

  /**
   * Hands over every event still waiting for its record, and forgets them: for a reader that stops
   * waiting (e.g. after catching up, or when a record is overdue).
   */
  public synchronized List<CaseEvent> drainWaiting() {
    List<CaseEvent> out = new ArrayList<>();
    for (Timeline t : timelines.values()) {
      while (!t.waiting.isEmpty()) {
        out.add(t.waiting.pollFirst().getValue());
      }
    }
    return out;
  }

  /** Adds an imported entry (quality, safety, technology) of {@code report.entries}, in order. */
  public synchronized void addEntry(ReportEntry e) {
    entries.add(e);
  }

  /**
   * Builds a report from the cases and entries folded so far: the same table {@code meterwatch
   * report} builds from the topics for the same request, registry, zone and time of generation.
   * Built under the model's lock (the histories grow as events arrive).
   */
  public synchronized ReportTable report(
      ReportRequest request, SiteRegistry registry, ZoneId zone, Instant generatedAt) {
    return request.build(registry, histories.histories(), entries, zone, generatedAt);
  }

  /** Events of {@code alerts} taken in so far. */
  public synchronized long sequence() {
    return sequence;
  }

  /** Records of {@code cases} taken in so far. */
  public synchronized long records() {
    return records;
  }

  /** Cases known, closed ones included. */
  public synchronized int size() {
    return states.size();
  }

  /** A case by id. */
  public synchronized Optional<CaseRecord> get(String caseId) {
    return states.get(caseId);
  }

  /** A copy of every case, closed ones included (benchmarks). */
  synchronized List<CaseRecord> allCases() {
    return new ArrayList<>(states.all());
  }

  /** Every case of an enterprise (by credit code), open and closed. */
  public synchronized List<CaseRecord> ofEnterprise(String creditCode) {
    List<CaseRecord> out = new ArrayList<>();
    for (CaseRecord c : states.all()) {
      if (c.key() != null && creditCode.equals(c.key().enterprise())) {
        out.add(c);
      }
    }
    return out;
  }

  /** The case's events in order (at most {@link #TIMELINE_CAP}; OPENED is always kept). */
  public synchronized List<TimelineEntry> timeline(String caseId) {
    Timeline t = timelines.get(caseId);
    return t == null ? List.of() : List.copyOf(t.events);
  }

  /** Timeline entries dropped for the case (between OPENED and the kept ones). */
  public synchronized int droppedFromTimeline(String caseId) {
    Timeline t = timelines.get(caseId);
    return t == null ? 0 : t.dropped;
  }

  /**
   * One page of the cases matching the query among those {@code visible} lets through. A text query
   * takes its cases from the word index: few hits are sorted, many are walked in list order.
   */
  public synchronized Page page(Query q, Predicate<String> visibleCounty) {
    Predicate<CaseRecord> match = matcher(q, visibleCounty);
    Iterable<CaseRecord> walk = byDue;
    String[] text = q.text() == null || q.text().isBlank() ? null : lower(q.text()).split("\\s+");
    if (text != null) {
      Set<String> hits = textHits(text);
      if (hits.size() * SORT_BELOW < byDue.size()) {
        List<CaseRecord> found = new ArrayList<>(hits.size());
        for (String id : hits) {
          states.get(id).ifPresent(found::add);
        }
        found.sort(BY_DUE);
        walk = found;
      } else {
        match = match.and(c -> hits.contains(c.caseId()));
      }
    }
    List<CaseRecord> out = new ArrayList<>(q.limit());
    int total = 0;
    for (CaseRecord c : walk) {
      if (match.test(c)) {
        if (total >= q.offset() && out.size() < q.limit()) {
          out.add(c);
        }
        total++;
      }
    }
    return new Page(total, List.copyOf(out));
  }

  /** The ids of the cases whose search text has every one of the (lower-case) words. */
  private Set<String> textHits(String[] text) {
    Set<String> hits = null;
    for (String w : text) {
      Set<String> found = new HashSet<>();
      for (Map.Entry<String, Set<String>> e : words.entrySet()) {
        if (e.getKey().contains(w)) {
          found.addAll(e.getValue());
        }
      }
      for (int at = idText.indexOf(w); at >= 0; ) {
        int k = Arrays.binarySearch(idStarts, 0, ids.size(), at);
        k = k >= 0 ? k : -k - 2;
        found.add(ids.get(k));
        // on to the next id: one hit per id
        at = k + 1 < ids.size() ? idText.indexOf(w, idStarts[k + 1]) : -1;
      }
      if (hits == null) {
        hits = found;
      } else {
        hits.retainAll(found);
      }
      if (hits.isEmpty()) {
        break;
      }
    }
    return hits;
  }

  /** Moves a case in the word index from its old record's words to its new record's. */
  private void index(CaseRecord old, CaseRecord now) {
    if (old == null) {
      if (ids.size() == idStarts.length) {
        idStarts = Arrays.copyOf(idStarts, idStarts.length * 2);
      }
      idStarts[ids.size()] = idText.length();
      ids.add(now.caseId());
      idText.append(now.caseId().toLowerCase(Locale.ROOT)).append('\n');
    }
    Set<String> before = old == null ? Set.of() : searchWords(old);
    Set<String> after = searchWords(now);
    if (before.equals(after)) {
      return;
    }
    for (String w : before) {
      if (!after.contains(w)) {
        Set<String> ids = words.get(w);
        ids.remove(now.caseId());
        if (ids.isEmpty()) {
          words.remove(w);
        }
      }
    }
    for (String w : after) {
      if (!before.contains(w)) {
        words.computeIfAbsent(w, k -> new HashSet<>(2)).add(now.caseId());
      }
    }
  }

  /**
   * The words of a case's search text but the first, its id (kept apart). A query word without
   * blanks is in the text exactly when it is in one of its words, so the index finds what a scan of
   * the text finds.
   */
  static Set<String> searchWords(CaseRecord c) {
    String[] all = haystack(c).split("\\s+");
    return Set.of(Arrays.stream(all, 1, all.length).distinct().toArray(String[]::new));
  }

  /** Adds an open case to its county's counts ({@code sign} 1) or takes it away (-1). */
  private void count(CaseRecord c, int sign) {
    if (c.status() == CaseStatus.CLOSED) {
      return;
    }
    Counts n = openByCounty.computeIfAbsent(c.county(), k -> new Counts());
    n.add(c, sign);
    if (n.open == 0) {
      openByCounty.remove(c.county());
    }
  }

  /**
   * The overview of the cases and events in sight; {@code feedSize} latest events. Costs the
   * counties and the feed: the counts are kept as records arrive.
   */
  public synchronized Overview overview(Predicate<String> visibleCounty, int feedSize) {
    Map<String, CountyCounts> rows = new TreeMap<>();
    int open = 0;
    int overdue = 0;
    for (Map.Entry<String, Counts> e : openByCounty.entrySet()) {
      if (!visibleCounty.test(e.getKey())) {
        continue;
      }
      Counts n = e.getValue();
      Map<Domain, Integer> byDomain = new TreeMap<>();
      for (Domain d : Domain.values()) {
        if (n.byDomain[d.ordinal()] > 0) {
          byDomain.put(d, n.byDomain[d.ordinal()]);
        }
      }
      String county = e.getKey() == null ? "-" : e.getKey();
      // a county named "-" and the cases without a county share one row, as they always did
      rows.merge(
          county,
          new CountyCounts(county, n.open, n.overdue, n.majorOrWorse, byDomain),
          CaseReadModel::sum);
      open += n.open;
      overdue += n.overdue;
    }
    List<CaseEvent> latest = new ArrayList<>();
    for (CaseEvent e : feed) {
      if (latest.size() == feedSize) {
        break;
      }
      if (visibleCounty.test(e.county())) {
        latest.add(e);
      }
    }
    return new Overview(open, overdue, List.copyOf(rows.values()), latest, sequence);
  }

  private static CountyCounts sum(CountyCounts a, CountyCounts b) {
    Map<Domain, Integer> byDomain = new TreeMap<>(a.byDomain());
    b.byDomain().forEach((d, n) -> byDomain.merge(d, n, Integer::sum));
    return new CountyCounts(
        a.county(),
        a.open() + b.open(),
        a.overdue() + b.overdue(),
        a.majorOrWorse() + b.majorOrWorse(),
        byDomain);
  }

  private Predicate<CaseRecord> matcher(Query q, Predicate<String> visibleCounty) {
    String enterprise = lower(q.enterprise());
    return c -> {
      if (!visibleCounty.test(c.county())) {
        return false;
      }
      if (q.status() == null ? c.status() == CaseStatus.CLOSED : q.status() != c.status()) {
        return false;
      }
      if (q.county() != null && !q.county().equalsIgnoreCase(String.valueOf(c.county()))) {
        return false;
      }
      if (q.rule() != null && (c.key() == null || !q.rule().equalsIgnoreCase(c.key().rule()))) {
        return false;
      }
      if (q.severity() != null && q.severity() != c.severity()) {
        return false;
      }
      if (enterprise != null
          && !(c.key() != null && lower(c.key().enterprise()).contains(enterprise))
          && !(c.enterpriseName() != null && lower(c.enterpriseName()).contains(enterprise))) {
        return false;
      }
      return true;
    };
  }

  static String haystack(CaseRecord c) {
    StringBuilder b = new StringBuilder(c.caseId());
    if (c.key() != null) {
      b.append(' ').append(c.key().enterprise()).append(' ').append(c.key().subject());
      b.append(' ').append(c.key().parameter());
    }
    for (String s : new String[] {c.enterpriseName(), c.assignee(), c.county()}) {
      if (s != null) {
        b.append(' ').append(s);
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  private static String lower(String s) {
    return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
  }

  /** Whether the event is a team action's result (the console waits for these). */
  static boolean isActionResult(CaseEventType t) {
    return switch (t) {
      case ACKNOWLEDGED, ASSIGNED, COMMENTED, CLOSED, EXTENDED, ACTION_REJECTED -> true;
      default -> false;
    };
  }
}
