package io.meterwatch.simulator.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One MQTT connection per virtual meter, each logged in as that meter (user = its MN, password =
 * its registry password), as a broker set up with {@code meterwatch registry mqtt-auth} expects:
 * each meter may publish only to its own topic.
 */
public final class PerMeterPublisher implements MessageSink {
  private final Function<String, MqttPublisher.Builder> connectionOf;
  private final Map<String, MqttPublisher> byMn = new LinkedHashMap<>();

  /**
   * @param connectionOf the connection settings of the meter with this MN (URL, QoS, TLS and its
   *     credentials); connected on its first message
   */
  public PerMeterPublisher(Function<String, MqttPublisher.Builder> connectionOf) {
    this.connectionOf = connectionOf;
  }

  @Override
  public synchronized void send(String topic, byte[] payload) throws Exception {
    String mn = mnOf(topic);
    MqttPublisher p = byMn.get(mn);
    if (p == null) {
      p = connectionOf.apply(mn).clientId("meterwatch-sim-" + mn).build();
      byMn.put(mn, p);
    }
    p.send(topic, payload);
  }

  /** The MN of {@code PREFIX/{mn}/data}: the level before the last. */
  static String mnOf(String topic) {
    String[] levels = topic.split("/");
    if (levels.length < 2) {
      throw new IllegalArgumentException("not a meter topic PREFIX/{mn}/data: " + topic);
    }
    return levels[levels.length - 2];
  }

  @Override
  public synchronized void flush() throws Exception {
    for (MqttPublisher p : byMn.values()) {
      p.flush();
    }
  }

  @Override
  public synchronized long errors() {
    long n = 0;
    for (MqttPublisher p : byMn.values()) {
      n += p.errors();
    }
    return n;
  }

  /** Meters connected so far. */
  public synchronized int connections() {
    return byMn.size();
  }

  @Override
  public synchronized void close() throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (MqttPublisher p : byMn.values()) {
      try {
        p.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    byMn.clear();
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
