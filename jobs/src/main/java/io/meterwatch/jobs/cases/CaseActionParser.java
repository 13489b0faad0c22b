package io.meterwatch.jobs.cases;

import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.input.RejectedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Reads team actions from their JSON; one that cannot be read becomes an ACTION_REJECTED case event
 * on {@link #REJECTED} (case id {@code "-"}, the reason code and message as note) instead of
 * failing the job.
 */
public final class CaseActionParser extends ProcessFunction<String, CaseAction> {
  private static final long serialVersionUID = 1L;

  /** Rejections of unreadable actions. */
  public static final OutputTag<CaseEvent> REJECTED =
      new OutputTag<>("rejected-actions") {
        private static final long serialVersionUID = 1L;
      };

  @Override
  public void processElement(String json, Context ctx, Collector<CaseAction> out) {
    try {
      out.collect(CaseJson.readAction(json.getBytes(StandardCharsets.UTF_8)));
    } catch (RejectedInputException e) {
      Long ts = ctx.timestamp();
      ctx.output(REJECTED, rejection(e, ts == null ? Instant.EPOCH : Instant.ofEpochMilli(ts)));
    }
  }

  /** The ACTION_REJECTED event for an action that could not be read, at the record's time. */
  public static CaseEvent rejection(RejectedInputException e, Instant time) {
    return new CaseEvent(
        "-",
        CaseEventType.ACTION_REJECTED,
        time,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        null,
        null,
        null,
        "action rejected: " + e.reason() + ": " + e.getMessage(),
        null);
  }
}
