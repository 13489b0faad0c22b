package io.meterwatch.app;

import io.meterwatch.jobs.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The distribution's {@code bin/meterwatch-bridge}: {@code meterwatch bridge} alone. Its command
 * line knows no other subcommand, so nothing that needs Flink or the Kafka broker is loaded, and
 * the bridge runs on the short class path of {@code lib/bridge.classpath} (docs/operations.md,
 * "Installing from the distribution").
 */
@Command(
    name = "meterwatch",
    mixinStandardHelpOptions = true,
    version = "meterwatch 0.1.0",
    description = "The MQTT to Kafka bridge of meterwatch.",
    subcommands = {BridgeCommand.class})
public final class BridgeMain implements Runnable {
  @Mixin LogOptions logOptions = new LogOptions();

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    LogOptions.apply(args);
    System.exit(
        new CommandLine(new BridgeMain())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setParameterExceptionHandler(new OneLineErrors())
            .execute(args));
  }
}
