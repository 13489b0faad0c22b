package io.meterwatch.core.hj212;

import io.meterwatch.core.hj212.Hj212Packet.Field;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Puts split HJ 212 packets (Flag bit D, {@code PNUM}/{@code PNO}) back together. Parts belong
 * together when they share MN and QN (for 2005-era parts without QN: MN, CN and DataTime). The
 * whole packet has the header of part 1, the Flag without bit D, no PNUM/PNO, and the CP items of
 * all parts in PNO order.
 *
 * <p>Pure: no threads, no clock of its own. The caller passes the time of each call (its receive or
 * processing time) and calls {@link #expire} regularly; a group whose first part arrived {@code
 * timeout} or longer ago is handed back so the caller can dead-letter its parts with {@link
 * ReasonCode#SPLIT_TIMEOUT}. Not thread-safe: use one instance per consumer thread.
 */
public final class SplitPacketReassembler {

  /** The parts of a group that did not complete in time, in PNO order. */
  public record Incomplete(
      String mn, String qn, int pnum, Instant firstSeen, List<Hj212Packet> parts) {
    public Incomplete {
      parts = List.copyOf(parts);
    }

    /** The group's {@link SplitPacketReassembler#groupKey key}. */
    public String groupKey() {
      return SplitPacketReassembler.groupKey(parts.get(0));
    }

    /** The part numbers that never arrived. */
    public List<Integer> missing() {
      List<Integer> missing = new ArrayList<>();
      for (int i = 1; i <= pnum; i++) {
        final int pno = i;
        if (parts.stream().noneMatch(p -> p.pno() == pno)) {
          missing.add(pno);
        }
      }
      return missing;
    }
  }

  private static final class Group {
    final int pnum;
    final Instant firstSeen;
    final TreeMap<Integer, Hj212Packet> parts = new TreeMap<>();

    Group(int pnum, Instant firstSeen) {
      this.pnum = pnum;
      this.firstSeen = firstSeen;
    }
  }

  private final Duration timeout;
  private final Map<String, Group> groups = new LinkedHashMap<>();

  /**
   * @param timeout how long after its first part a group may stay incomplete
   */
  public SplitPacketReassembler(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("split packet timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
  }

  /**
   * Takes a packet. A packet that is not a part (no PNUM, or PNUM 1) comes straight back; a part is
   * kept until the last part of its group arrives, then the whole packet comes back. A part
   * received twice (a device's resend) counts once.
   *
   * @param packet a parsed packet
   * @param now the caller's current time; starts the group's timeout on its first part
   * @return the whole packet, or empty while parts are missing
   * @throws RejectedInputException {@link ReasonCode#BAD_FIELD} when a part's PNUM differs from its
   *     group's
   */
  public Optional<Hj212Packet> accept(Hj212Packet packet, Instant now)
      throws RejectedInputException {
    if (!packet.isPart()) {
      return Optional.of(packet);
    }
    String key = groupKey(packet);
    Group group = groups.computeIfAbsent(key, k -> new Group(packet.pnum(), now));
    if (group.pnum != packet.pnum()) {
      throw new RejectedInputException(
          ReasonCode.BAD_FIELD,
          "part "
              + packet.pno()
              + " of MN "
              + packet.mn()
              + " QN "
              + packet.qn()
              + " says PNUM "
              + packet.pnum()
              + ", its earlier parts said "
              + group.pnum);
    }
    group.parts.putIfAbsent(packet.pno(), packet);
    if (group.parts.size() < group.pnum) {
      return Optional.empty();
    }
    groups.remove(key);
    return Optional.of(whole(group.parts));
  }

  private static Hj212Packet whole(TreeMap<Integer, Hj212Packet> parts) {
    Hj212Packet first = parts.firstEntry().getValue();
    List<List<Field>> cp = new ArrayList<>();
    for (Hj212Packet part : parts.values()) {
      cp.addAll(part.cp());
    }
    Integer flag = first.flag() == null ? null : first.flag() & ~Hj212Packet.FLAG_SPLIT;
    return Hj212Packet.of(first.qn(), first.st(), first.cn(), first.pw(), first.mn(), flag, cp);
  }

  /**
   * Removes and returns the groups whose first part arrived at or before {@code now - timeout},
   * oldest first.
   */
  public List<Incomplete> expire(Instant now) {
    Instant cutoff = now.minus(timeout);
    List<Incomplete> expired = new ArrayList<>();
    for (Iterator<Map.Entry<String, Group>> it = groups.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Group> e = it.next();
      Group g = e.getValue();
      if (!g.firstSeen.isAfter(cutoff)) {
        Hj212Packet any = g.parts.firstEntry().getValue();
        expired.add(
            new Incomplete(any.mn(), any.qn(), g.pnum, g.firstSeen, List.copyOf(g.parts.values())));
        it.remove();
      }
    }
    expired.sort((a, b) -> a.firstSeen().compareTo(b.firstSeen()));
    return expired;
  }

  /**
   * The key parts of one split packet share, for callers that keep something per group (the bridge
   * keeps the raw messages for the dead-letter topic): {@code MN|QN}, or for parts without QN
   * {@code MN|CN|DataTime|noqn}.
   */
  public static String groupKey(Hj212Packet p) {
    return p.qn() != null
        ? p.mn() + "|" + p.qn()
        : p.mn() + "|" + p.cn() + "|" + p.dataTime() + "|noqn";
  }

  /**
   * Forgets a group without handing it back: its parts are read again by whoever takes them over
   * (the bridge's parts consumer after a Kafka rebalance).
   */
  public void discard(String groupKey) {
    groups.remove(groupKey);
  }

  /** How many groups wait for parts. */
  public int pending() {
    return groups.size();
  }

  /** The configured timeout. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The {@link ReasonCode#SPLIT_TIMEOUT} rejection of a group {@link #expire} handed back, naming
   * the parts that did not arrive: every caller dead-letters the group's parts with it.
   */
  public RejectedInputException timedOut(Incomplete g) {
    return new RejectedInputException(
        ReasonCode.SPLIT_TIMEOUT,
        "split packet MN "
            + g.mn()
            + " QN "
            + g.qn()
            + ": parts "
            + g.missing()
            + " of "
            + g.pnum()
            + " did not arrive within "
            + timeout);
  }
}
