package io.meterwatch.simulator.publish;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every message in memory, in send order: for tests and for writing a run to a file. */
public final class MemorySink implements MessageSink {
  private final List<Message> messages = Collections.synchronizedList(new ArrayList<>());

  /** One message as sent. */
  public record Message(String topic, byte[] payload) {}

  @Override
  public void send(String topic, byte[] payload) {
    messages.add(new Message(topic, payload));
  }

  /** The messages sent so far. */
  public List<Message> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }
}
