package io.meterwatch.jobs.windows;

/**
 * Where a window stands in its life: not yet judged, judged (with the revision last emitted), and
 * whether back-filled data changed it since. Window state classes extend it (Flink POJOs).
 */
public class RevisedWindow {
  /** -1 before the window was first judged, then the revision last emitted. */
  public int revision = -1;

  /** Whether data arrived after the last emission. */
  public boolean dirty;

  public RevisedWindow() {}
}
