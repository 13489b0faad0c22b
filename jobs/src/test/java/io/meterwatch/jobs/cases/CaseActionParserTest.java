package io.meterwatch.jobs.cases;

import static io.meterwatch.core.cases.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseActionType;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CaseActionParserTest {
  @Test
  void readableActionsPassUnreadableOnesBecomeRejections() throws Exception {
    try (var h =
        new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new CaseActionParser()))) {
      h.open();
      var ack = action(SO2.caseId(hour(0)), SO2, CaseActionType.ACK, hour(2));
      h.processElement(
          new StreamRecord<>(new String(CaseJson.actionBytes(ack), StandardCharsets.UTF_8), 7L));
      h.processElement(new StreamRecord<>("{\"caseId\":\"E1-1\",\"type\":\"ACK\"}", 8L));
      h.processElement(new StreamRecord<>("ack please", 9L));
      assertThat(h.extractOutputValues()).containsExactly(ack);
      var rejected = h.getSideOutput(CaseActionParser.REJECTED);
      assertThat(rejected).hasSize(2);
      assertThat(rejected)
          .extracting(r -> r.getValue().note())
          .containsExactly(
              "action rejected: MISSING_FIELD: action on E1-1 needs type, key and time (copy the"
                  + " key from the case event)",
              "action rejected: BAD_JSON: not a CaseAction: Unrecognized token 'ack': was"
                  + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
                  + " 'false')");
      assertThat(rejected)
          .extracting(r -> r.getValue().type())
          .containsOnly(CaseEventType.ACTION_REJECTED);
      assertThat(rejected).extracting(r -> r.getValue().caseId()).containsOnly("-");
    }
  }
}
