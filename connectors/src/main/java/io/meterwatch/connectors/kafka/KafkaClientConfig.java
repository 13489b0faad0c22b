package io.meterwatch.connectors.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A Kafka client properties file ({@code --kafka-config FILE}), as Kafka's own tools take it with
 * {@code --command-config}: the cluster's security settings ({@code security.protocol}, {@code
 * sasl.*}, {@code ssl.*}) for every client a command makes. Its values are secrets: they are never
 * printed, and messages about the file name keys only.
 */
public final class KafkaClientConfig {
  /** The flag that names the file in messages. */
  public static final String FLAG = "--kafka-config";

  /**
   * What to check when Kafka does not answer: a SASL or TLS listener drops a client without the
   * file instead of refusing it, so silence is what a missing {@code --kafka-config} looks like.
   */
  public static final String NO_ANSWER_HINT =
      "check --kafka, and "
          + FLAG
          + " if the cluster requires SASL or TLS (it drops clients without them)";

  private KafkaClientConfig() {}

  /**
   * The settings of the file, checked: readable, Java properties syntax, every key a Kafka
   * producer, consumer or admin setting, no {@code bootstrap.servers} (it comes from {@code
   * --kafka}).
   *
   * @throws IllegalArgumentException one line naming the flag, the file and the key
   */
  public static Properties load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          FLAG + " " + file + ": cannot read it as Kafka client properties (" + e + ")", e);
    }
    if (p.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException(
          FLAG + " " + file + ": bootstrap.servers belongs in --kafka, not in the file");
    }
    Set<String> known = new HashSet<>();
    known.addAll(ProducerConfig.configNames());
    known.addAll(ConsumerConfig.configNames());
    known.addAll(AdminClientConfig.configNames());
    Set<String> unknown = new TreeSet<>();
    for (String key : p.stringPropertyNames()) {
      // listener- and mechanism-prefixed settings (e.g. sasl.login.*) are Kafka's too
      if (!known.contains(key) && !key.startsWith("sasl.") && !key.startsWith("ssl.")) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          FLAG + " " + file + ": not a Kafka client setting: " + String.join(", ", unknown));
    }
    return p;
  }

  /**
   * The client properties of a command: {@code bootstrap.servers} and the file's settings.
   *
   * @param file the {@code --kafka-config} file, or {@code null} for none
   */
  public static Properties client(String bootstrap, Path file) {
    Properties p = file == null ? new Properties() : load(file);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return p;
  }

  /**
   * One line about a Kafka failure for a user, naming {@code --kafka-config} when the cause is
   * authentication or authorization, or {@code null} when it is neither.
   */
  public static String explain(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.apache.kafka.common.errors.AuthenticationException) {
        return "Kafka refused the login: "
            + c.getMessage()
            + " (check the sasl.* or ssl.* settings of "
            + FLAG
            + ")";
      }
      if (c instanceof org.apache.kafka.common.errors.AuthorizationException) {
        return "Kafka refused access: "
            + c.getMessage()
            + " (the principal of "
            + FLAG
            + " lacks an ACL)";
      }
    }
    return null;
  }
}
