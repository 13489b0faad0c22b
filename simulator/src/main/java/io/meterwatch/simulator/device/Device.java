package io.meterwatch.simulator.device;

import io.meterwatch.core.model.Reading;
import java.time.Instant;
import java.util.List;

/**
 * A simulated meter: it measures on its own schedule and produces the readings a real device would
 * upload, before any transmission fault.
 */
public interface Device {
  /** The device's MN. */
  String mn();

  /** The enterprise's credit code. */
  String enterprise();

  /** The outlet id, or the MN for energy and production meters (the case subject). */
  String subject();

  /** The HJ 212 password the device sends. */
  String password();

  /**
   * The readings due at a tick of simulated time, in the order a device sends them: aggregates of
   * periods that ended at {@code t} first, then the real-time reading of {@code t}.
   *
   * @param last whether {@code t} is the end of the run: only period aggregates are due then
   */
  List<Reading> step(Instant t, boolean last);
}
