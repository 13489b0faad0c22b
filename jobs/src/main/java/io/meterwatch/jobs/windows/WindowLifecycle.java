package io.meterwatch.jobs.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.TimerService;

/**
 * The life of the windows every keyed operator of the job keeps in a {@code MapState<Long, W>} (key
 * = an encoding of the window's start): judged when the watermark passes the end, judged again
 * after back-fill at the next watermark, removed when the allowed lateness has passed (see {@link
 * PeriodClock}). One implementation for hourly, daily, monthly and load windows.
 */
public final class WindowLifecycle {

  /** Judges or re-judges one window: {@code revision} is the revision to emit. */
  @FunctionalInterface
  public interface Emitter<W> {
    void emit(long key, W window, int revision) throws Exception;
  }

  private WindowLifecycle() {}

  /**
   * The window for a key, created (with its timers) when absent; when it was already judged it is
   * marked dirty and a timer at the next watermark re-judges it once, however many back-filled
   * records arrive before that watermark. The caller updates the window and puts it back.
   */
  public static <W extends RevisedWindow> W touch(
      MapState<Long, W> state,
      long key,
      long end,
      Supplier<W> create,
      TimerService timers,
      PeriodClock clock)
      throws Exception {
    W w = state.get(key);
    if (w == null) {
      w = create.get();
      timers.registerEventTimeTimer(PeriodClock.judgeAt(end));
      timers.registerEventTimeTimer(clock.cleanupAt(end));
    } else if (w.revision >= 0) {
      w.dirty = true;
      timers.registerEventTimeTimer(timers.currentWatermark() + 1);
    }
    return w;
  }

  /**
   * On a timer: judges the windows whose end the watermark has passed, re-judges the dirty ones,
   * oldest first, and removes those whose allowed lateness has passed ({@code beforeRemove} sees
   * them first, e.g. to fold them into a running total).
   */
  public static <W extends RevisedWindow> void sweep(
      MapState<Long, W> state,
      LongUnaryOperator endOfKey,
      long watermark,
      PeriodClock clock,
      Emitter<W> emitter,
      Emitter<W> beforeRemove)
      throws Exception {
    List<Long> keys = new ArrayList<>();
    for (Map.Entry<Long, W> e : state.entries()) {
      keys.add(e.getKey());
    }
    keys.sort(null);
    for (long key : keys) {
      long end = endOfKey.applyAsLong(key);
      W w = state.get(key);
      boolean changed = false;
      if (w.revision < 0 && PeriodClock.judgeAt(end) <= watermark) {
        w.revision = 0;
        w.dirty = false;
        emitter.emit(key, w, 0);
        changed = true;
      } else if (w.revision >= 0 && w.dirty) {
        w.revision++;
        w.dirty = false;
        emitter.emit(key, w, w.revision);
        changed = true;
      }
      if (clock.isLate(end, watermark)) {
        if (beforeRemove != null) {
          beforeRemove.emit(key, w, w.revision);
        }
        state.remove(key);
      } else if (changed) {
        state.put(key, w);
      }
    }
  }

  /** A map key for a window start and a small slot number (parameter slot). */
  static long slotKey(long start, int slot) {
    return start * 64 + slot;
  }

  static long startOf(long slotKey) {
    return Math.floorDiv(slotKey, 64L);
  }

  static int slotOf(long slotKey) {
    return (int) Math.floorMod(slotKey, 64L);
  }
}
