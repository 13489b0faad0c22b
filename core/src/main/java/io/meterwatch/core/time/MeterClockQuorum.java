package io.meterwatch.core.time;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * How far the data of a stream of many meters has got, robust to a meter whose clock runs ahead.
 *
 * <p>A plain bounded-out-of-orderness watermark follows the largest data time seen. One meter whose
 * clock is two hours fast (detector D9's business) then drags the watermark two hours ahead, and
 * every other meter's next two hours of data arrive "late": they are dead-lettered, the hours they
 * belong to become invalid and each meter is reported offline. Instead this clock remembers the
 * latest data time of each meter and reports the {@code k}-th largest of them, so a time is reached
 * only when {@code k} different meters have reached it.
 *
 * <p>{@code k} is {@link #quorum} but at most half the meters seen (rounded up): with three or more
 * meters a single runaway clock cannot move the time, and a silent minority (a meter offline,
 * detector D1's business) never holds it back. With one or two meters there is nobody to outvote
 * and the time is the latest data time seen.
 *
 * <p>Memory: one entry per meter ever seen (a meter's MN and a long), bounded by the fleet that
 * writes to the stream.
 */
public final class MeterClockQuorum {
  /** No data time seen yet. */
  public static final long NONE = Long.MIN_VALUE;

  private final int quorum;
  private final Map<String, long[]> latest = new HashMap<>();

  /**
   * @param quorum how many meters must have reached a time before it counts (at least 1)
   */
  public MeterClockQuorum(int quorum) {
    if (quorum < 1) {
      throw new IllegalArgumentException("quorum must be at least 1, was " + quorum);
    }
    this.quorum = quorum;
  }

  /** Records that {@code meter} sent data of {@code dataTime} (epoch ms). */
  public void observe(String meter, long dataTime) {
    long[] t = latest.get(meter);
    if (t == null) {
      latest.put(meter, new long[] {dataTime});
    } else if (dataTime > t[0]) {
      t[0] = dataTime;
    }
  }

  /** Meters seen so far. */
  public int meters() {
    return latest.size();
  }

  /** How many meters must agree on a time with {@code meters} meters seen. */
  public static int agreeing(int quorum, int meters) {
    return Math.max(1, Math.min(quorum, (meters + 1) / 2));
  }

  /**
   * The largest time that {@link #agreeing} meters have each reached (the k-th largest latest data
   * time), or {@link #NONE} before any data.
   */
  public long time() {
    if (latest.isEmpty()) {
      return NONE;
    }
    int k = agreeing(quorum, latest.size());
    // a min-heap of the k largest: its head is the k-th largest
    PriorityQueue<Long> top = new PriorityQueue<>(k + 1);
    for (long[] t : latest.values()) {
      if (top.size() < k) {
        top.add(t[0]);
      } else if (t[0] > top.peek()) {
        top.poll();
        top.add(t[0]);
      }
    }
    return top.peek();
  }
}
