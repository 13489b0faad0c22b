package io.meterwatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
      JobCommand.class,
      SimulateCommand.class
    })
public final class Meterwatch implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Meterwatch()).execute(args));
  }
}
