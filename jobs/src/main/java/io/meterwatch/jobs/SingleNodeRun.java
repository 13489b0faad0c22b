package io.meterwatch.jobs;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

/**
 * Runs the job of a single node ({@code --state-dir}) until it ends, and ends it with one line when
 * it cannot restore its state.
 *
 * <p>Why a watch: a state that cannot be read into the job (written by an incompatible version: a
 * changed state type; damaged: a missing or corrupt state file) fails the tasks while they restore
 * it, and Flink's restart strategy, rightly unbounded for outages of Kafka or InfluxDB, restarts
 * them for ever: a stack trace every few seconds and a job that never runs. So a run that resumes
 * from a checkpoint counts as restored only once it has completed a checkpoint of its own; a
 * failover before that is a failed restore: the job is cancelled and the run ends with status 1 and
 * one line naming the checkpoint and what to do. A failure when the job is submitted (a checkpoint
 * whose state maps onto no operator, metadata Flink cannot read) ends the same way.
 */
public final class SingleNodeRun {
  private static final Duration POLL = Duration.ofMillis(100);

  private SingleNodeRun() {}

  /**
   * Executes the job and waits for it.
   *
   * @param resumedFrom the checkpoint the job resumes from ({@link StateDir#configure}), if any
   * @param stateDir the state directory, whose checkpoints show that the restore succeeded
   * @param name the command, for the message
   * @param err where the one line goes
   * @return 0 when the job ended normally, 1 when it failed or could not restore its state
   */
  public static int execute(
      StreamExecutionEnvironment env,
      Optional<Path> resumedFrom,
      Path stateDir,
      String name,
      PrintWriter err)
      throws InterruptedException {
    JobClient client;
    try {
      client = env.executeAsync(MonitoringJobMain.JOB_NAME);
    } catch (Exception e) {
      return fail(err, name, resumedFrom, stateDir, e);
    }
    CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
    if (resumedFrom.isPresent()) {
      Path checkpoints = StateDir.checkpoints(stateDir.toAbsolutePath());
      while (!result.isDone()) {
        Optional<Path> latest = StateDir.latest(checkpoints);
        if (latest.isPresent() && !latest.equals(resumedFrom)) {
          break; // a checkpoint of this run completed: the state was restored
        }
        JobStatus status = status(client);
        if (status == JobStatus.RESTARTING
            || status == JobStatus.FAILING
            || status == JobStatus.FAILED) {
          client.cancel();
          return fail(err, name, resumedFrom, stateDir, null);
        }
        Thread.sleep(POLL.toMillis());
      }
    }
    try {
      result.get();
      return 0;
    } catch (ExecutionException e) {
      return fail(err, name, resumedFrom, stateDir, e.getCause());
    }
  }

  private static JobStatus status(JobClient client) throws InterruptedException {
    try {
      return client.getJobStatus().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return null; // the job is being torn down; its result says why
    }
  }

  private static int fail(
      PrintWriter err, String name, Optional<Path> resumedFrom, Path stateDir, Throwable cause) {
    String why = cause == null ? null : rootCause(cause);
    if (resumedFrom.isPresent()) {
      err.println(
          name
              + ": cannot resume from "
              + resumedFrom.get()
              + ": "
              + (why == null
                  ? "the job failed while restoring its state (cause logged above)"
                  : why)
              + "; the state was written by an incompatible version or is damaged: run the version"
              + " that wrote it, or move "
              + stateDir
              + " aside to start empty (its open windows and cases are then lost)");
    } else {
      err.println(name + ": the job failed: " + why);
    }
    err.flush();
    return 1;
  }

  /** The innermost cause, as {@code Type: message}. */
  static String rootCause(Throwable t) {
    Throwable root = ExceptionUtils.stripExecutionException(t);
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName()
        + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
  }
}
