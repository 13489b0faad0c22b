package io.meterwatch.jobs;

import io.meterwatch.connectors.kafka.KafkaClientConfig;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE}, the Kafka client properties of every command that talks to Kafka
 * (docs/security.md): one mixin, so that each command reads the file the same way.
 */
public final class KafkaClientOptions {
  @Option(
      names = KafkaClientConfig.FLAG,
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*), as Kafka's tools take"
              + " with --command-config; never printed")
  Path file;

  /** The file, or {@code null}. */
  public Path file() {
    return file;
  }

  /**
   * {@code bootstrap.servers} and the file's settings, checked.
   *
   * @throws IllegalArgumentException one line naming {@code --kafka-config}, the file and the key
   */
  public Properties client(String bootstrap) {
    return KafkaClientConfig.client(bootstrap, file);
  }
}
