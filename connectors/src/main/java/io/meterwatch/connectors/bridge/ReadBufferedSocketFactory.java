package io.meterwatch.connectors.bridge;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input stream is buffered, for Paho's {@code tcp://} connections.
 *
 * <p>Paho 1.2.5 reads the socket's own stream: the fixed header of every MQTT packet byte by byte
 * (one system call per byte), then the rest of the packet. Measured in the bridge benchmark
 * (docs/performance.md), Paho's receive thread took more CPU per message than the bridge's whole
 * decode, validation and Kafka send; with a buffer it reads many packets per system call.
 */
final class ReadBufferedSocketFactory extends SocketFactory {
  /** Enough for a few hundred readings per read at full speed; one buffer per connection. */
  static final int BUFFER_BYTES = 64 * 1024;

  @Override
  public Socket createSocket() {
    return new ReadBufferedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  /** A buffered socket connected to {@code remote}, bound to {@code local} unless null. */
  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket s = createSocket();
    if (local != null) {
      s.bind(local);
    }
    s.connect(remote);
    return s;
  }

  /** A socket that hands out one buffered input stream. */
  private static final class ReadBufferedSocket extends Socket {
    private InputStream in;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new BufferedInputStream(super.getInputStream(), BUFFER_BYTES);
      }
      return in;
    }
  }
}
