package io.meterwatch.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's shared reference material ({@code shared/reference/} beside the repository, read
 * only), found by walking up from the working directory so it works from the repository root, a
 * module directory and a git worktree alike.
 */
public final class SharedReference {

  /** One line of {@code hj212-samples.txt}. */
  public record Hj212Sample(int line, boolean valid, String frame) {}

  private SharedReference() {}

  /** The path of a file under {@code shared/reference/}; fails with a clear message when absent. */
  public static Path file(String name) {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("reference").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "shared/reference/"
            + name
            + " not found in "
            + start
            + " or any parent: the tests need the project's shared reference folder beside the"
            + " repository (../shared/reference/ from the repository root)");
  }

  /**
   * The sample packets of {@code hj212-samples.txt}, comments skipped, frames exactly as written
   * (the literal text {@code \r\n} included where the file has it).
   */
  public static List<Hj212Sample> hj212Samples() {
    Path path = file("hj212-samples.txt");
    try {
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      List<Hj212Sample> samples = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        String verdict = tab < 0 ? "" : line.substring(0, tab);
        if (!verdict.equals("VALID") && !verdict.equals("INVALID")) {
          throw new IllegalStateException(path + ":" + (i + 1) + ": expected VALID/INVALID<TAB>");
        }
        samples.add(new Hj212Sample(i + 1, verdict.equals("VALID"), line.substring(tab + 1)));
      }
      return samples;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
