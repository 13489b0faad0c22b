package io.meterwatch.core.hj212;

import java.util.Map;

/**
 * What HJ 212-2017 command numbers (CN) and system types (ST) mean, for messages, logs and the
 * decode command. Only the numbers meterwatch meets are named; others read as "unknown".
 */
public final class Hj212Vocabulary {

  private static final Map<String, String> COMMANDS =
      Map.ofEntries(
          Map.entry("1000", "set timeout and retries"),
          Map.entry("1011", "get device time"),
          Map.entry("1012", "set device time"),
          Map.entry("1013", "device time calibration request"),
          Map.entry("1061", "get real-time data interval"),
          Map.entry("1062", "set real-time data interval"),
          Map.entry("1063", "get minute data interval"),
          Map.entry("1064", "set minute data interval"),
          Map.entry("1072", "set access password"),
          Map.entry("2011", "real-time data"),
          Map.entry("2012", "stop real-time data"),
          Map.entry("2021", "equipment running state"),
          Map.entry("2031", "daily data"),
          Map.entry("2041", "daily equipment run time"),
          Map.entry("2051", "minute data"),
          Map.entry("2061", "hourly data"),
          Map.entry("2081", "device restart time"),
          Map.entry("3020", "device log / parameters"),
          Map.entry("9011", "request answer"),
          Map.entry("9012", "execution result"),
          Map.entry("9013", "notification answer"),
          Map.entry("9014", "data answer"),
          Map.entry("9021", "heartbeat"));

  private static final Map<String, String> SYSTEMS =
      Map.ofEntries(
          Map.entry("21", "surface water quality"),
          Map.entry("22", "ambient air quality"),
          Map.entry("23", "ambient noise"),
          Map.entry("31", "flue-gas source"),
          Map.entry("32", "wastewater source"),
          Map.entry("91", "system interaction"));

  private Hj212Vocabulary() {}

  /** The meaning of a command number, or "unknown command NNNN". */
  public static String commandMeaning(String cn) {
    return COMMANDS.getOrDefault(cn, "unknown command " + cn);
  }

  /** The meaning of a system type, or "unknown system type NN". */
  public static String systemMeaning(String st) {
    return SYSTEMS.getOrDefault(st, "unknown system type " + st);
  }
}
