package io.meterwatch.simulator.signal;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The random source of one device: seeded from the run's seed and the device's MN, so that a
 * device's values do not depend on which other devices exist or on the order they are simulated in.
 * Same seed and MN, same sequence.
 */
public final class DeviceRandom {
  private final SplittableRandom random;

  public DeviceRandom(long seed, String key) {
    this.random = new SplittableRandom(mix(seed, key));
  }

  /** A standard normal value clipped to [-3, 3], so that noise has a hard bound. */
  public double gaussian() {
    double g = random.nextGaussian();
    return Math.max(-3, Math.min(3, g));
  }

  /** A uniform value in [0, 1). */
  public double uniform() {
    return random.nextDouble();
  }

  /** A 64-bit FNV-1a hash of a key mixed with a seed: stable across JVMs (unlike hashCode). */
  public static long mix(long seed, String key) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    // final avalanche (SplitMix64) so that similar MNs get unrelated streams
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  /** A stable value in [0, 1) for a key, independent of the run's seed (plant sizes, phases). */
  public static double stableUnit(String key) {
    return (mix(0x5eed, key) >>> 11) * 0x1.0p-53;
  }
}
