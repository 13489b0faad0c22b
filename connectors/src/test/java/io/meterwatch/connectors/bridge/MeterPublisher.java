package io.meterwatch.connectors.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes meter uploads at QoS 1 like a fleet would, counting what the broker accepted (PUBACK
 * received): those are the messages the bridge must not lose.
 */
final class MeterPublisher implements AutoCloseable {
  /** One upload: topic and payload. */
  record Upload(String topic, byte[] payload) {}

  private final MqttAsyncClient client;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<IMqttDeliveryToken> tokens = new ArrayList<>();

  MeterPublisher(String url, String clientId) throws MqttException {
    client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setMaxInflight(1000);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    client.connect(o).waitForCompletion(10_000);
  }

  /** Publishes every upload, at most {@code perSecond} a second (0 = as fast as possible). */
  void publish(List<Upload> uploads, int qos, int perSecond) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < uploads.size(); i++) {
      if (perSecond > 0) {
        long due = start + TimeUnit.SECONDS.toNanos(1) * i / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      Upload u = uploads.get(i);
      MqttMessage m = new MqttMessage(u.payload());
      m.setQos(qos);
      while (true) {
        try {
          IMqttDeliveryToken t = client.publish(u.topic(), m);
          synchronized (tokens) {
            tokens.add(t);
          }
          break;
        } catch (MqttException e) {
          if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
            throw e;
          }
          Thread.sleep(1);
        }
      }
    }
  }

  /** Waits until the broker acknowledged every publish; returns how many it accepted. */
  int awaitAccepted() throws MqttException {
    List<IMqttDeliveryToken> copy;
    synchronized (tokens) {
      copy = List.copyOf(tokens);
    }
    int n = 0;
    for (IMqttDeliveryToken t : copy) {
      t.waitForCompletion(30_000);
      if (t.getException() == null) {
        n++;
      }
    }
    accepted.set(n);
    return n;
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(5_000);
    }
    client.close();
  }
}
