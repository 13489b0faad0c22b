package io.meterwatch.devservices;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A small Paho client for launcher tests: publishes, and collects what it receives. */
public final class MqttProbe implements AutoCloseable {
  final MqttClient client;
  public final List<String> received = new CopyOnWriteArrayList<>();

  private final MqttConnectOptions options = new MqttConnectOptions();

  public MqttProbe(String url, String clientId, boolean cleanSession) throws MqttException {
    client = new MqttClient(url, clientId, new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    options.setCleanSession(cleanSession);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    client.connect(options);
  }

  /**
   * Subscribes, reconnecting once when the broker dropped the fresh connection first: a loaded
   * Moquette sometimes closes a new persistent session's connection while it opens its queue store
   * ("SUBSCRIBE received on already closed connection"). Clients reconnect in that case; so does
   * the probe, and a second drop still fails the test.
   */
  public void subscribe(String filter, int qos) throws MqttException {
    try {
      client.subscribe(filter, qos);
    } catch (MqttException e) {
      if (client.isConnected()) {
        throw e;
      }
      client.connect(options);
      client.subscribe(filter, qos);
    }
  }

  public void publish(String topic, String payload, int qos) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
  }

  /** Waits until at least {@code n} messages arrived or 10 s passed. */
  public List<String> await(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(100); // let any surplus message arrive so the count is exact
    return List.copyOf(received);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
