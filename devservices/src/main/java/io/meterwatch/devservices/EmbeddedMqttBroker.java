package io.meterwatch.devservices;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * An MQTT 3.1.1 broker (Moquette 0.17) inside this JVM on 127.0.0.1, for tests and {@code
 * meterwatch demo}.
 *
 * <p>Anonymous clients are allowed. With a persistence directory, QoS 1 sessions (subscriptions and
 * queued messages of clean-session-off clients) survive {@link #stop()}/{@link #start()}; without
 * one, the broker keeps them in memory only.
 *
 * <p>Limits of Moquette 0.17 worth knowing: no shared subscriptions ({@code $share/...} is treated
 * as a plain topic filter and matches nothing), and at most 10 unacknowledged QoS 1 messages in
 * flight per subscriber (fixed in the broker), which caps QoS 1 throughput to a subscriber. Use
 * {@link MosquittoProcess} where either matters.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {
  private final int port;
  private final Path dataDir;
  private Server server;

  private EmbeddedMqttBroker(Builder b) {
    this.port = b.port != 0 ? b.port : FreePort.pick();
    this.dataDir = b.persistenceDir;
  }

  /** A builder: free port, no persistence. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts the broker and waits until it accepts connections; a running broker is left alone. */
  public synchronized EmbeddedMqttBroker start() {
    if (server != null) {
      return this;
    }
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
    p.setProperty(IConfig.PORT_PROPERTY_NAME, String.valueOf(port));
    p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    // Moquette otherwise reports usage to its authors' server at startup.
    p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
    // HJ 212 packets are under 1 KB, canonical JSON a few KB; 8 KB (the default) is tight for
    // batched energy readings.
    p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, String.valueOf(256 * 1024));
    if (dataDir != null) {
      try {
        Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dataDir, e);
      }
      p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
      p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataDir.toAbsolutePath() + "/");
    } else {
      p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
    }
    Server s = new Server();
    try {
      s.startServer(new MemoryConfig(p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Moquette on port " + port, e);
    }
    server = s;
    if (!FreePort.awaitListening(port, Duration.ofSeconds(30))) {
      stop();
      throw new IllegalStateException("Moquette did not listen on port " + port + " in 30 s");
    }
    return this;
  }

  /** Stops the broker; persisted sessions stay in the persistence directory. */
  public synchronized void stop() {
    if (server != null) {
      Server s = server;
      server = null;
      s.stopServer();
    }
  }

  /** Whether the broker is running. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** The port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:port}, for Paho. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The persistence directory, or {@code null} when sessions live in memory only. */
  public Path persistenceDir() {
    return dataDir;
  }

  @Override
  public void close() {
    stop();
  }

  /** Settings of an {@link EmbeddedMqttBroker}; checked in {@link #build()}. */
  public static final class Builder {
    private int port;
    private Path persistenceDir;

    private Builder() {}

    /** The port; default a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Keep sessions and queued QoS 1 messages in this directory so a restart keeps them; default
     * none (in memory). The caller owns the directory.
     */
    public Builder persistenceDir(Path dir) {
      this.persistenceDir = dir;
      return this;
    }

    /** Checks the settings and creates the broker, not started yet. */
    public EmbeddedMqttBroker build() {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 (free) or 1..65535, was " + port);
      }
      if (persistenceDir != null
          && Files.exists(persistenceDir)
          && !Files.isDirectory(persistenceDir)) {
        throw new IllegalArgumentException("persistenceDir is not a directory: " + persistenceDir);
      }
      return new EmbeddedMqttBroker(this);
    }

    /** {@code build().start()}. */
    public EmbeddedMqttBroker start() {
      return build().start();
    }
  }
}
