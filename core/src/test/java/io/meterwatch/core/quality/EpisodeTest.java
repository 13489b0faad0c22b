package io.meterwatch.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpisodeTest {
  private static final long MIN = 60_000;

  @Test
  void breachesOnceWhenTheEpisodeReachesItsDurationNotBefore() {
    Episode e = new Episode();
    assertThat(e.suspicious(0, 5.0, 60 * MIN)).isEqualTo(Episode.NONE);
    assertThat(e.suspicious(59 * MIN + 59_999, 5.0, 60 * MIN)).isEqualTo(Episode.NONE);
    assertThat(e.suspicious(60 * MIN, 5.0, 60 * MIN)).isEqualTo(0);
    assertThat(e.breached).isTrue();
    assertThat(e.suspicious(61 * MIN, 5.0, 60 * MIN)).isEqualTo(Episode.NONE);
    assertThat(e.first).isEqualTo(5.0);
  }

  @Test
  void anEpisodeShorterThanItsDurationEndsWithoutAnyEvent() {
    Episode e = new Episode();
    e.suspicious(0, 1, 15 * MIN);
    e.suspicious(14 * MIN, 1, 15 * MIN);
    assertThat(e.clear(14 * MIN + 30_000, 15 * MIN, 2)).isEqualTo(Episode.NONE);
    assertThat(e.clear(60 * MIN, 15 * MIN, 2)).isEqualTo(Episode.NONE);
    assertThat(e.idle(2)).isTrue();
  }

  @Test
  void aBreachedEpisodeClearsThenConfirmsAfterOneClearPeriodAndThenStops() {
    Episode e = new Episode();
    e.suspicious(0, 1, 0);
    assertThat(e.clear(10 * MIN, 15 * MIN, 2)).isEqualTo(0); // window [0, 10 min)
    assertThat(e.idle(2)).isFalse();
    assertThat(e.clear(24 * MIN + 59_999, 15 * MIN, 2)).isEqualTo(Episode.NONE);
    assertThat(e.clear(25 * MIN, 15 * MIN, 2)).isEqualTo(10 * MIN); // window [10, 25 min)
    assertThat(e.idle(2)).isTrue();
    assertThat(e.clear(90 * MIN, 15 * MIN, 2)).isEqualTo(Episode.NONE);
  }

  @Test
  void aNewBreachRestartsTheClearCount() {
    Episode e = new Episode();
    e.suspicious(0, 1, 0);
    e.clear(MIN, 15 * MIN, 2);
    assertThat(e.suspicious(2 * MIN, 1, 0)).isEqualTo(2 * MIN);
    assertThat(e.clearsSent).isZero();
    assertThat(e.clear(3 * MIN, 15 * MIN, 2)).isEqualTo(2 * MIN);
    assertThat(e.clearsSent).isEqualTo(1);
  }

  @Test
  void endingAnUnjudgeableEpisodeClearsOnlyWhenItHadBreached() {
    Episode e = new Episode();
    e.suspicious(0, 1, 5 * MIN);
    assertThat(e.end(MIN)).isEqualTo(Episode.NONE);
    e.breachFrom(2 * MIN, 0);
    assertThat(e.end(40 * MIN)).isEqualTo(2 * MIN);
    assertThat(e.lastClearAt).isEqualTo(40 * MIN);
  }
}
