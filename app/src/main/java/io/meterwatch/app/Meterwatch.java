package io.meterwatch.app;

import io.meterwatch.jobs.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code meterwatch} command: one entry point for every part of the pipeline. */
@Command(
    name = "meterwatch",
    mixinStandardHelpOptions = true,
    version = "meterwatch 0.1.0",
    description = "Streaming monitoring of online pollution and energy meters (HJ 212-2017).",
    subcommands = {
      DemoCommand.class,
      BridgeCommand.class,
      Hj212Command.class,
      RegistryCommand.class,
      TasksCommand.class,
      ReportCommand.class,
      ConsoleCommand.class,
      UsersCommand.class,
      JobCommand.class,
      SimulateCommand.class
    })
public final class Meterwatch implements Runnable {
  /** The system property the shipped log4j2.properties reads to pick its appender. */
  static final String LOG_FORMAT_PROPERTY = "meterwatch.log.format";

  /** How log lines on stderr look. */
  enum LogFormat {
    /** one readable line per event */
    TEXT,
    /** one JSON object per line (Elastic Common Schema), for log shippers */
    JSON
  }

  // Declared for parsing, help and validation; it takes effect in main(), before the first logger
  // exists, because log4j reads its configuration once.
  @Option(
      names = "--log-format",
      scope = ScopeType.INHERIT,
      description = "log lines on stderr: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  LogFormat logFormat = LogFormat.TEXT;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /**
   * The command line as every entry point builds it: a user error is one line naming the option,
   * status 2 ({@link OneLineErrors}); Kafka refusing or not answering is one line, status 1 ({@link
   * KafkaErrors}).
   */
  static CommandLine commandLine() {
    return new CommandLine(new Meterwatch())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(new OneLineErrors())
        .setExecutionExceptionHandler(new KafkaErrors());
  }

  public static void main(String[] args) {
    LogFormat format = logFormat(args);
    if (format != null) {
      System.setProperty(LOG_FORMAT_PROPERTY, format.name().toLowerCase(java.util.Locale.ROOT));
    }
    System.exit(commandLine().execute(args));
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
