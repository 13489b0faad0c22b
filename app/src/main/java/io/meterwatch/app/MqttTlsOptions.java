package io.meterwatch.app;

import io.meterwatch.connectors.mqtt.MqttTls;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** TLS of an {@code ssl://} MQTT connection from PEM files ({@link MqttTls}). */
final class MqttTlsOptions {
  @Option(
      names = MqttTls.CA_FLAG,
      paramLabel = "FILE",
      description =
          "PEM CA certificate(s) the broker's certificate must be signed by (ssl:// only; default:"
              + " the JVM's truststore)")
  Path ca;

  @Option(
      names = MqttTls.CERT_FLAG,
      paramLabel = "FILE",
      description = "PEM client certificate, for brokers that require one (with --mqtt-key)")
  Path cert;

  @Option(
      names = MqttTls.KEY_FLAG,
      paramLabel = "FILE",
      description = "PEM private key of --mqtt-cert, unencrypted PKCS#8 or RSA (mode 600)")
  Path key;

  /**
   * The TLS settings, read and checked, or {@code null} when no flag is given.
   *
   * @param url the broker URL they are for
   * @throws IllegalArgumentException naming the flag or file
   */
  MqttTls tls(String url) {
    MqttTls tls = MqttTls.of(ca, cert, key);
    if (tls == null) {
      return null;
    }
    if (url == null || !(url.startsWith("ssl://") || url.startsWith("wss://"))) {
      throw new IllegalArgumentException(
          (ca != null ? MqttTls.CA_FLAG : MqttTls.CERT_FLAG)
              + " needs an ssl:// broker URL in --mqtt, was "
              + url);
    }
    return tls.check();
  }
}
