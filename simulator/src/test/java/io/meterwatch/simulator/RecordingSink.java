package io.meterwatch.simulator;

import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.publish.MessageSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Forwards to another sink and remembers topic and payload hash of everything sent. */
final class RecordingSink implements MessageSink {
  private final MessageSink delegate;
  final List<String> sent = Collections.synchronizedList(new ArrayList<>());

  RecordingSink(MessageSink delegate) {
    this.delegate = delegate;
  }

  @Override
  public void send(String topic, byte[] payload) throws Exception {
    sent.add(topic + " " + Manifest.payloadSha256(payload));
    delegate.send(topic, payload);
  }

  @Override
  public void flush() throws Exception {
    delegate.flush();
  }

  @Override
  public long errors() {
    return delegate.errors();
  }
}
