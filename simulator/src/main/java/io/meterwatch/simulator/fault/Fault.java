package io.meterwatch.simulator.fault;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.simulator.scenario.FaultKind;
import java.time.Duration;
import java.time.Instant;

/**
 * A fault of a scenario, checked against the registry and placed in time.
 *
 * @param id stable name from the scenario
 * @param kind what it does
 * @param enterprise the enterprise's credit code
 * @param subject the outlet id, or the meter MN for energy and production meters; {@code null} for
 *     enterprise-wide faults (energy-quota-breach)
 * @param mn the device MN it acts on, {@code null} for enterprise-wide faults
 * @param parameter the parameter it acts on, {@code null} for all
 * @param from first instant it is active
 * @param to first instant it is no longer active
 * @param factor exceedance multiple of the limit, or energy-use factor
 * @param flag the flag of a flags period
 * @param offset clock-skew offset
 * @param variant malformed or spoofed-mn variant
 * @param count number of packets a malformed or spoofed-mn fault affects
 * @param victimMn the MN a spoofed-mn fault impersonates
 * @param window block size of out-of-order delivery
 */
public record Fault(
    String id,
    FaultKind kind,
    String enterprise,
    String subject,
    String mn,
    String parameter,
    Instant from,
    Instant to,
    double factor,
    DataFlag flag,
    Duration offset,
    String variant,
    int count,
    String victimMn,
    int window) {

  /** Whether the fault is active at an instant of simulated time. */
  public boolean activeAt(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  /** Whether the fault acts on a parameter (a fault without parameter acts on all). */
  public boolean appliesTo(String code) {
    return parameter == null || parameter.equals(code);
  }
}
