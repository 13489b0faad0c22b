package io.meterwatch.jobs;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.checkpoint.Checkpoints;

/**
 * The state directory of a single-node job ({@code --state-dir}): RocksDB state with incremental
 * checkpoints retained in {@code DIR/checkpoints}, and a start that resumes from the latest
 * completed one, so that a restart (upgrade, reboot, crash) keeps open windows, open cases and the
 * Kafka offsets, which are all in the same checkpoint.
 */
public final class StateDir {
  private StateDir() {}

  /** Where the checkpoints are: {@code DIR/checkpoints/JOB-ID/chk-N}. */
  public static Path checkpoints(Path dir) {
    return dir.resolve("checkpoints");
  }

  /**
   * Sets {@code conf} to keep state in {@code dir} and to resume from its latest completed
   * checkpoint, if any.
   *
   * @return the checkpoint the job resumes from
   */
  public static Optional<Path> configure(Configuration conf, Path dir) {
    Path checkpoints = checkpoints(dir.toAbsolutePath());
    try {
      Files.createDirectories(checkpoints);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + checkpoints, e);
    }
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    // Kept when the process ends, however it ends: they are what the next start resumes from.
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    Optional<Path> latest = latest(checkpoints);
    latest.ifPresent(StateDir::checkReadable);
    latest.ifPresent(
        chk -> {
          conf.set(StateRecoveryOptions.SAVEPOINT_PATH, chk.toUri().toString());
          // The new run owns the checkpoint and deletes it once a newer one completes: a restart
          // leaves no old checkpoint behind to fill the disk.
          conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
          // A state that does not map onto the job (an incompatible upgrade) fails the start
          // instead of silently dropping it.
          conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
        });
    return latest;
  }

  /**
   * Reads the checkpoint's metadata before anything starts, so that a damaged checkpoint or one of
   * a Flink version that cannot read it stops the start with one line, not a failed submission.
   *
   * @throws UncheckedIOException naming the checkpoint and why
   */
  static void checkReadable(Path checkpoint) {
    Path metadata = checkpoint.resolve("_metadata");
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(metadata)))) {
      Checkpoints.loadCheckpointMetadata(
          in, StateDir.class.getClassLoader(), checkpoint.toUri().toString());
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(
          "checkpoint "
              + checkpoint
              + " cannot be read ("
              + SingleNodeRun.rootCause(e)
              + "): run the version that wrote it, or move "
              + checkpoint.getParent().getParent().getParent()
              + " aside to start empty",
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /**
   * The latest completed checkpoint under {@code checkpoints} (one with its metadata). Safe while
   * the job runs: a checkpoint that Flink deletes meanwhile (a newer one subsumes it) is passed
   * over.
   */
  public static Optional<Path> latest(Path checkpoints) {
    List<Path> metadata;
    try (Stream<Path> jobs = Files.list(checkpoints)) {
      metadata = jobs.flatMap(StateDir::completed).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + checkpoints, e);
    }
    Path latest = null;
    FileTime latestTime = null;
    for (Path m : metadata) {
      FileTime t = modified(m);
      if (t != null && (latestTime == null || t.compareTo(latestTime) > 0)) {
        latest = m.getParent();
        latestTime = t;
      }
    }
    return Optional.ofNullable(latest);
  }

  private static Stream<Path> completed(Path jobDir) {
    if (!Files.isDirectory(jobDir)) {
      return Stream.empty();
    }
    try (Stream<Path> s = Files.list(jobDir)) {
      return s
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .map(p -> p.resolve("_metadata"))
          .filter(Files::isRegularFile)
          .toList()
          .stream();
    } catch (NoSuchFileException e) {
      return Stream.empty(); // deleted meanwhile
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jobDir, e);
    }
  }

  /** When {@code p} was written, or {@code null} when it was deleted meanwhile. */
  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
