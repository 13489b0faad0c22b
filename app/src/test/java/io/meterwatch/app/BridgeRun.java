package io.meterwatch.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code meterwatch bridge} run through a real command line on a thread of the test's JVM: what it
 * printed, its command (to stop it as Ctrl-C does) and its exit status.
 */
final class BridgeRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final BridgeCommand command;
  private final CompletableFuture<Integer> exit;

  private BridgeRun(CommandLine cl, String... args) {
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    command = cl.getSubcommands().get("bridge").getCommand();
    exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
  }

  /**
   * Runs {@code args} (starting with {@code bridge}) on {@code cl} and waits up to 60 s for the
   * line that says the bridge is up; the caller's assertions show a bridge that never came up.
   */
  static BridgeRun start(CommandLine cl, String... args) throws InterruptedException {
    BridgeRun run = new BridgeRun(cl, args);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!run.out().contains("Ctrl-C stops it") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return run;
  }

  /**
   * {@code bridge --mqtt MQTT --kafka KAFKA --registry demo} followed by {@code more}: the bridge's
   * command line for a test's brokers and the demo city's meters.
   */
  static String[] demoArgs(String mqtt, String kafka, String... more) {
    List<String> args =
        new ArrayList<>(List.of("bridge", "--mqtt", mqtt, "--kafka", kafka, "--registry", "demo"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /** What Ctrl-C does. */
  void stop() {
    command.stop();
  }

  /** The exit status, waiting up to 60 s for it. */
  int exitStatus() throws Exception {
    return exit.get(60, TimeUnit.SECONDS);
  }

  /**
   * Scrapes the bridge's metrics endpoint every 100 ms until nothing is in flight (the last acks
   * may follow Kafka's by a moment) or {@code timeout} passed; returns the last page.
   */
  static String scrapeUntilIdle(String url, Duration timeout) throws Exception {
    String scraped = scrape(url);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!scraped.contains("\nmeterwatch_bridge_in_flight 0.0\n")
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      scraped = scrape(url);
    }
    return scraped;
  }

  private static String scrape(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
