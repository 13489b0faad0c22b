package io.meterwatch.core.quality;

/**
 * D9: the last readings of a meter (kind and data time, and a hash of their values) to spot two
 * readings of the same kind and time with different values. A ring of fixed size; a Flink POJO.
 */
public class DuplicateMemory {
  /** Kind and data time of each remembered reading ({@link #key(int, long)}). */
  public long[] keys;

  /** Hash of each remembered reading's values and flags. */
  public long[] hashes;

  /** Next slot to overwrite. */
  public int next;

  /** Slots in use. */
  public int size;

  public DuplicateMemory() {}

  /** An empty memory of {@code capacity} readings. */
  public static DuplicateMemory of(int capacity) {
    DuplicateMemory m = new DuplicateMemory();
    m.keys = new long[capacity];
    m.hashes = new long[capacity];
    return m;
  }

  /** The key of a reading: its data time with the kind in the low bits (data times are in ms). */
  public static long key(int kind, long dataTime) {
    return dataTime * 8 + kind;
  }

  /** What a new reading is to the ones remembered. */
  public enum Seen {
    /** No reading of the same kind and time remembered. */
    NEW,
    /** One with the same values: an ordinary resend. */
    SAME,
    /** One with other values: a conflicting duplicate. */
    CONFLICT
  }

  /** Checks a reading and remembers it when it is new. */
  public Seen offer(long key, long hash) {
    for (int i = 0; i < size; i++) {
      if (keys[i] == key) {
        return hashes[i] == hash ? Seen.SAME : Seen.CONFLICT;
      }
    }
    keys[next] = key;
    hashes[next] = hash;
    next = (next + 1) % keys.length;
    size = Math.min(size + 1, keys.length);
    return Seen.NEW;
  }
}
