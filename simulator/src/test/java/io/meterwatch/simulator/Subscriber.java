package io.meterwatch.simulator;

import io.meterwatch.simulator.manifest.Manifest;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A test subscriber on {@code meters/#} collecting topic and payload hash of what arrives. */
final class Subscriber implements AutoCloseable {
  final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
  private final MqttClient client;

  Subscriber(String url, String clientId, int qos, boolean cleanSession) throws Exception {
    client = new MqttClient(url, clientId, new MemoryPersistence());
    client.setCallback(
        new MqttCallbackExtended() {
          @Override
          public void connectComplete(boolean reconnect, String serverURI) {}

          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            received.add(topic + " " + Manifest.payloadSha256(message.getPayload()));
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(cleanSession);
    o.setAutomaticReconnect(true);
    o.setMaxReconnectDelay(1000);
    o.setMaxInflight(1000);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    client.connect(o);
    client.subscribe("meters/#", qos);
  }

  /** Waits until at least n messages arrived (or the timeout), then a little for surplus. */
  List<String> await(int n, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(200);
    return List.copyOf(received);
  }

  @Override
  public void close() throws Exception {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
