package io.meterwatch.app;

import io.meterwatch.connectors.kafka.KafkaClientConfig;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command that talks to Kafka says when Kafka refuses it or does not answer: one line naming
 * the command and what to check ({@code --kafka}, {@code --kafka-config}), exit status 1, no stack
 * trace. Other failures keep picocli's report.
 */
final class KafkaErrors implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed)
      throws Exception {
    String line = describe(ex);
    if (line == null) {
      throw ex;
    }
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + line);
    err.flush();
    // a bad --kafka-config file is the user's input; Kafka's answer is not
    return ex instanceof IllegalArgumentException
        ? cl.getCommandSpec().exitCodeOnInvalidInput()
        : 1;
  }

  /**
   * Why a running client gave up on Kafka: Kafka's refusal of the login or the access when that is
   * the cause, else the failure's message, with what to check when Kafka never answered (a SASL or
   * TLS listener drops a client without {@code --kafka-config}).
   */
  static String failure(Throwable t) {
    String refused = KafkaClientConfig.explain(t);
    if (refused != null) {
      return refused;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.apache.kafka.common.errors.TimeoutException) {
        return t.getMessage() + "; " + KafkaClientConfig.NO_ANSWER_HINT;
      }
    }
    return t.getMessage();
  }

  /** The line for a Kafka failure, or {@code null} when {@code t} is not one. */
  static String describe(Throwable t) {
    String refused = KafkaClientConfig.explain(t);
    if (refused != null) {
      return refused;
    }
    if (t instanceof IllegalArgumentException
        && t.getMessage() != null
        && t.getMessage().startsWith(KafkaClientConfig.FLAG + " ")) {
      return t.getMessage();
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.apache.kafka.common.errors.TimeoutException) {
        return "no answer from Kafka (" + c.getMessage() + "); " + KafkaClientConfig.NO_ANSWER_HINT;
      }
    }
    return null;
  }
}
