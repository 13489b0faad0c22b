package io.meterwatch.simulator.publish;

import io.meterwatch.connectors.mqtt.MqttTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes simulated devices' messages to an MQTT broker with Paho, pipelined (up to {@code
 * maxInflight} unacknowledged messages) and, at QoS 1, without loss across broker restarts.
 *
 * <p>At QoS 1 every message stays in a pending table until the broker acknowledges it; when the
 * connection drops, {@link #send} blocks until Paho has reconnected, and everything still pending
 * is published again (at-least-once: a receiver can see a message twice, never zero times). The
 * pending table is the persistence that matters: a broker that restarts without its own persistence
 * has forgotten the in-flight messages, so Paho's session resend alone would not be enough. At QoS
 * 0 a message is handed to the network once; what a restart drops is gone.
 */
public final class MqttPublisher implements MessageSink {
  private final String url;
  private final int qos;
  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final Semaphore window;
  private final int maxInflight;
  private final Duration firstConnectWait;
  private final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final ExecutorService resender;
  private final Object connectedLock = new Object();
  private volatile boolean connected;
  private volatile boolean closed;

  private record Pending(long id, String topic, byte[] payload) {}

  private MqttPublisher(Builder b) throws MqttException {
    this.url = b.url;
    this.qos = b.qos;
    this.maxInflight = b.maxInflight;
    this.firstConnectWait = b.firstConnectWait;
    this.window = new Semaphore(b.maxInflight);
    this.options = connectOptions(b.maxInflight, b.username, b.password, b.tls);
    // Memory persistence: the pending table above is what survives reconnects (see class doc).
    this.client = new MqttAsyncClient(b.url, b.clientId, new MemoryPersistence());
    this.resender =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mqtt-publisher-resend");
              t.setDaemon(true);
              return t;
            });
    client.setCallback(new Callback());
  }

  /** A builder; {@link Builder#build()} connects. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The Paho options of the simulator's connection, in one place.
   *
   * @param maxInflight unacknowledged publishes Paho allows; well above Paho's default of 10, which
   *     would cap a pipelined publisher at 10 round trips' worth of messages
   */
  static MqttConnectOptions connectOptions(
      int maxInflight, String username, char[] password, MqttTls tls) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    // Clean session: the pending table resends after a reconnect; a broker-side session would only
    // add duplicates.
    o.setCleanSession(true);
    o.setAutomaticReconnect(true);
    // Paho's reconnect delay doubles from 1 s up to this; a restarted broker should be back in use
    // within seconds, not the default 128 s.
    o.setMaxReconnectDelay(2000);
    o.setConnectionTimeout(10);
    o.setKeepAliveInterval(30);
    o.setMaxInflight(maxInflight);
    if (tls != null) {
      o.setSocketFactory(tls.socketFactory());
    }
    if (username != null) {
      o.setUserName(username);
      o.setPassword(password == null ? new char[0] : password);
    }
    return o;
  }

  /** Connects, retrying with backoff (Paho's automatic reconnect does not cover the first one). */
  private MqttPublisher connect() throws MqttException, InterruptedException {
    long deadline = System.nanoTime() + firstConnectWait.toNanos();
    long delayMs = 100;
    MqttException last = null;
    while (System.nanoTime() < deadline) {
      try {
        client.connect(options).waitForCompletion(options.getConnectionTimeout() * 1000L);
        markConnected(true);
        return this;
      } catch (MqttException e) {
        last = e;
        if (e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
            || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
            || MqttTls.isTlsRefusal(e)) {
          break; // retrying will not change the broker's mind
        }
      }
      Thread.sleep(delayMs);
      delayMs = Math.min(2000, delayMs * 2);
    }
    client.close();
    resender.shutdownNow();
    throw new MqttException(
        last == null ? MqttException.REASON_CODE_CLIENT_TIMEOUT : last.getReasonCode(),
        new IllegalStateException(
            "cannot connect to MQTT broker "
                + url
                + " within "
                + firstConnectWait.toSeconds()
                + " s: "
                + (last == null
                    ? "timeout"
                    : MqttTls.explain(last) != null ? MqttTls.explain(last) : last.getMessage()),
            last));
  }

  private void markConnected(boolean c) {
    synchronized (connectedLock) {
      connected = c;
      connectedLock.notifyAll();
    }
  }

  private void awaitConnected() throws InterruptedException {
    synchronized (connectedLock) {
      while (!connected && !closed) {
        connectedLock.wait(500);
      }
    }
  }

  @Override
  public void send(String topic, byte[] payload) throws InterruptedException {
    window.acquire();
    Pending p = new Pending(ids.incrementAndGet(), topic, payload);
    if (qos > 0) {
      pending.put(p.id(), p);
    }
    publish(p);
  }

  private void publish(Pending p) throws InterruptedException {
    while (!closed) {
      awaitConnected();
      try {
        MqttMessage m = new MqttMessage(p.payload());
        m.setQos(qos);
        client.publish(p.topic(), m, p, listener);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
          Thread.sleep(1); // Paho's window is full of resends: wait for acknowledgements
        } else if (qos == 0 && connected) {
          errors.incrementAndGet();
          window.release(); // at QoS 0 a message that cannot be handed over is lost
          return;
        } else {
          Thread.sleep(20); // not connected (yet): Paho is reconnecting
        }
      }
    }
  }

  private final IMqttActionListener listener =
      new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          Pending p = (Pending) token.getUserContext();
          if (qos == 0 || pending.remove(p.id()) != null) {
            acknowledged.incrementAndGet();
            window.release();
          }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          errors.incrementAndGet();
          if (qos == 0) {
            window.release();
          }
          // at QoS 1 it stays pending and is resent after the reconnect (or by flush)
        }
      };

  /** Resends everything pending, oldest first, off Paho's callback thread. */
  private void resendPending() {
    resender.execute(
        () -> {
          List<Pending> again = new ArrayList<>(pending.values());
          for (Pending p : again) {
            if (!pending.containsKey(p.id())) {
              continue;
            }
            try {
              publish(p);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        });
  }

  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
      markConnected(true);
      if (reconnect && qos > 0) {
        resendPending();
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      markConnected(false);
      errors.incrementAndGet();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {}

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }

  /**
   * Waits until every message is acknowledged (QoS 1) or handed to the network (QoS 0), resending
   * at QoS 1 what stays unacknowledged for 5 s while connected.
   *
   * @throws IllegalStateException after 120 s without progress
   */
  @Override
  public void flush() throws InterruptedException {
    long lastProgress = System.nanoTime();
    long lastCount = acknowledged.get();
    long lastResend = System.nanoTime();
    while (window.availablePermits() < maxInflight) {
      Thread.sleep(5);
      long now = System.nanoTime();
      if (acknowledged.get() != lastCount) {
        lastCount = acknowledged.get();
        lastProgress = now;
      }
      if (qos > 0
          && connected
          && now - lastResend > TimeUnit.SECONDS.toNanos(5)
          && now - lastProgress > TimeUnit.SECONDS.toNanos(5)) {
        lastResend = now;
        resendPending();
      }
      if (now - lastProgress > TimeUnit.SECONDS.toNanos(120)) {
        throw new IllegalStateException(
            (maxInflight - window.availablePermits())
                + " messages still unacknowledged by "
                + url
                + " after 120 s");
      }
    }
  }

  @Override
  public long errors() {
    return errors.get();
  }

  /** Messages the broker acknowledged (QoS 1) or Paho handed to the network (QoS 0). */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** The QoS it publishes at. */
  public int qos() {
    return qos;
  }

  @Override
  public void close() throws MqttException, InterruptedException {
    if (closed) {
      return;
    }
    try {
      if (connected) {
        flush();
      }
    } finally {
      closed = true;
      markConnected(connected);
      resender.shutdownNow();
      try {
        if (client.isConnected()) {
          client.disconnect().waitForCompletion(5000);
        }
      } finally {
        client.close();
      }
    }
  }

  /** Builds an {@link MqttPublisher}: defaults here, checks in {@link #build()}. */
  public static final class Builder {
    private String url;
    private String clientId = "meterwatch-simulator-" + ProcessHandle.current().pid();
    private int qos = 1;
    private int maxInflight = 1000;
    private String username;
    private char[] password;
    private Duration firstConnectWait = Duration.ofSeconds(30);
    private MqttTls tls;

    private Builder() {}

    /** Broker URL, e.g. {@code tcp://127.0.0.1:1883} (required). */
    public Builder url(String u) {
      this.url = u;
      return this;
    }

    /** Client id (default {@code meterwatch-simulator-<pid>}). */
    public Builder clientId(String id) {
      this.clientId = id;
      return this;
    }

    /** 0 or 1 (default 1). */
    public Builder qos(int q) {
      this.qos = q;
      return this;
    }

    /** Unacknowledged messages in flight (default 1000). */
    public Builder maxInflight(int n) {
      this.maxInflight = n;
      return this;
    }

    /** User name and password, when the broker asks for them. */
    public Builder credentials(String user, char[] pass) {
      this.username = user;
      this.password = pass;
      return this;
    }

    /** CA and client certificate of an {@code ssl://} connection (default: JVM truststore). */
    public Builder tls(MqttTls t) {
      this.tls = t;
      return this;
    }

    /** How long the first connect keeps retrying (default 30 s). */
    public Builder firstConnectWait(Duration d) {
      this.firstConnectWait = d;
      return this;
    }

    /** Checks the settings and connects. */
    public MqttPublisher build() throws MqttException, InterruptedException {
      if (url == null || !(url.startsWith("tcp://") || url.startsWith("ssl://"))) {
        throw new IllegalArgumentException(
            "MQTT URL must be tcp://host:port or ssl://host:port, got " + url);
      }
      if (qos != 0 && qos != 1) {
        throw new IllegalArgumentException("QoS must be 0 or 1, got " + qos);
      }
      if (maxInflight < 1 || maxInflight > 65_535) {
        throw new IllegalArgumentException("maxInflight must be in 1..65535, got " + maxInflight);
      }
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(firstConnectWait, "firstConnectWait");
      return new MqttPublisher(this).connect();
    }
  }
}
