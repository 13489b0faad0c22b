package io.meterwatch.simulator.scenario;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One fault as written in a scenario file, before it is checked against the registry. Times are
 * offsets from the scenario start ({@code at: 10h}). Which fields a kind uses: docs/simulator.md.
 *
 * @param id stable name, used in the manifest; defaults to {@code f<index>-<kind>}
 * @param kind the fault kind's label, e.g. {@code exceedance}
 * @param enterprise the enterprise's credit code
 * @param outlet an outlet id of the enterprise (the device is the outlet's meter)
 * @param meter an energy or production meter MN (instead of an outlet)
 * @param parameter the parameter the fault acts on (exceedance, flatline, zero-drop)
 * @param at start, as an offset from the scenario start
 * @param duration how long it lasts
 * @param factor multiple of the limit (exceedance) or of normal energy use (energy-quota-breach)
 * @param flag the flag letter of a flags period
 * @param offset the device clock's error (clock-skew), e.g. {@code 2h} or {@code -90m}
 * @param variant malformed: bad-crc, wrong-length, truncated, bad-json; spoofed-mn: payload-mn,
 *     foreign-topic
 * @param count how many packets a malformed or spoofed-mn fault affects
 * @param victim the MN whose identity a spoofed-mn fault uses (default: the next device of the
 *     registry)
 * @param window block size for out-of-order delivery
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record FaultSpec(
    String id,
    String kind,
    String enterprise,
    String outlet,
    String meter,
    String parameter,
    String at,
    String duration,
    Double factor,
    String flag,
    String offset,
    String variant,
    Integer count,
    String victim,
    Integer window) {}
