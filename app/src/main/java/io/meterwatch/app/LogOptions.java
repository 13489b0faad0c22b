package io.meterwatch.app;

import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --log-format}, shared by the entry points ({@code meterwatch}, the distribution's {@code
 * meterwatch-bridge}). Declared for parsing, help and validation; it takes effect in {@link
 * #apply}, before the first logger exists, because log4j reads its configuration once.
 */
final class LogOptions {
  /** The system property the shipped log4j2.properties reads to pick its appender. */
  static final String LOG_FORMAT_PROPERTY = "meterwatch.log.format";

  /** How log lines on stderr look. */
  enum LogFormat {
    /** one readable line per event */
    TEXT,
    /** one JSON object per line (Elastic Common Schema), for log shippers */
    JSON
  }

  @Option(
      names = "--log-format",
      scope = ScopeType.INHERIT,
      description = "log lines on stderr: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  LogFormat logFormat = LogFormat.TEXT;

  /** Sets the log format of a command line before anything logs. */
  static void apply(String[] args) {
    LogFormat format = logFormat(args);
    if (format != null) {
      System.setProperty(LOG_FORMAT_PROPERTY, format.name().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * The {@code --log-format} of a command line, or {@code null} when absent or not a format (then
   * picocli rejects it with the usual one-line error).
   */
  static LogFormat logFormat(String[] args) {
    String value = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        break;
      } else if (args[i].equals("--log-format") && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith("--log-format=")) {
        value = args[i].substring("--log-format=".length());
      }
    }
    for (LogFormat f : LogFormat.values()) {
      if (f.name().equalsIgnoreCase(value)) {
        return f;
      }
    }
    return null;
  }
}
