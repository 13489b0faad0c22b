package io.meterwatch.app;

import io.meterwatch.jobs.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
  @Mixin LogOptions logOptions = new LogOptions();

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
    LogOptions.apply(args);
    System.exit(commandLine().execute(args));
  }
}
