package io.meterwatch.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The buffered sockets the bridge gives Paho for tcp:// brokers. */
class ReadBufferedSocketFactoryTest {

  @Test
  void tcpConnectionsGetBufferedSocketsAndTlsKeepsPahosFactory() {
    assertThat(
            MqttKafkaBridge.connectOptions(
                    MqttKafkaBridge.builder()
                        .mqttUrl("tcp://127.0.0.1:1883")
                        .kafkaBootstrap("127.0.0.1:9092")
                        .settings())
                .getSocketFactory())
        .isInstanceOf(ReadBufferedSocketFactory.class);
    assertThat(
            MqttKafkaBridge.connectOptions(
                    MqttKafkaBridge.builder()
                        .mqttUrl("ssl://127.0.0.1:8883")
                        .kafkaBootstrap("127.0.0.1:9092")
                        .settings())
                .getSocketFactory())
        .isNull();
  }

  @Test
  void readsWhatThePeerWroteThroughOneBufferedStream() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client =
            new ReadBufferedSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      OutputStream out = peer.getOutputStream();
      out.write("\u0030\u0003abc".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = client.getInputStream();
      assertThat(in).isInstanceOf(BufferedInputStream.class).isSameAs(client.getInputStream());
      assertThat(in.read()).isEqualTo(0x30);
      assertThat(in.read()).isEqualTo(3);
      assertThat(in.readNBytes(3)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
    }
  }
}
