package io.meterwatch.console;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits failed logins: after {@code maxFailures} failures of one key (a user name, or a remote
 * address) within {@code window}, further attempts of that key are refused until the oldest failure
 * leaves the window. A success does not clear the count: a guesser who hits one password gains no
 * extra tries for other names from the same address.
 */
public final class LoginThrottle {
  private final int maxFailures;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  /**
   * @param maxFailures failures allowed per key within the window (at least 1)
   * @param window the sliding window
   * @param clock milliseconds (System::currentTimeMillis outside tests)
   */
  public LoginThrottle(int maxFailures, Duration window, LongSupplier clock) {
    if (maxFailures < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("maxFailures >= 1 and a positive window are required");
    }
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /** Whether all keys may try now. */
  public boolean allowed(String... keys) {
    long now = clock.getAsLong();
    for (String k : keys) {
      Deque<Long> d = failures.get(k);
      if (d == null) {
        continue;
      }
      synchronized (d) {
        prune(d, now);
        if (d.size() >= maxFailures) {
          return false;
        }
      }
    }
    return true;
  }

  /** Records a failed attempt for every key. */
  public void failed(String... keys) {
    long now = clock.getAsLong();
    for (String k : keys) {
      Deque<Long> d = failures.computeIfAbsent(k, x -> new ArrayDeque<>());
      synchronized (d) {
        prune(d, now);
        d.addLast(now);
      }
    }
  }

  private void prune(Deque<Long> d, long now) {
    while (!d.isEmpty() && d.peekFirst() <= now - windowMillis) {
      d.pollFirst();
    }
  }
}
