package io.meterwatch.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** A registry version without its devices' passwords, as the monitoring job keeps it. */
class RegistryVersionTest {
  private static final Instant AT = Instant.parse("2026-12-07T01:00:00Z");

  private static String demoText() throws IOException {
    try (InputStream in =
        RegistryLoader.class.getResourceAsStream(RegistryLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static SiteRegistry read(RegistryVersion v) {
    return RegistryLoader.read(
        new ByteArrayInputStream(v.document().getBytes(StandardCharsets.UTF_8)), "v");
  }

  @Test
  void theDocumentLosesEveryPasswordAndNothingElse() throws IOException {
    RegistryVersion v = RegistryVersion.of(4, "ops", AT, demoText());
    SiteRegistry whole = read(v);
    long withPassword =
        whole.meterNumbers().stream()
            .map(mn -> whole.meter(mn).orElseThrow().password())
            .filter(Objects::nonNull)
            .count();
    assertThat(withPassword).isEqualTo(85); // every meter of the demo city has one

    RegistryVersion stripped = v.withoutPasswords();

    assertThat(stripped.version()).isEqualTo(4);
    assertThat(stripped.publishedBy()).isEqualTo("ops");
    assertThat(stripped.publishedAt()).isEqualTo(AT);
    assertThat(stripped.document()).doesNotContain("password");
    for (String mn : whole.meterNumbers()) {
      assertThat(stripped.document())
          .as(mn)
          .doesNotContain(whole.meter(mn).orElseThrow().password());
    }
    // the same registry but for the passwords: one change per meter, each a password
    assertThat(RegistryDiff.between(whole.withoutPasswords(), read(stripped))).isEmpty();
    assertThat(RegistryDiff.between(whole, read(stripped)))
        .hasSize((int) withPassword)
        .allSatisfy(c -> assertThat(c.detail()).isEqualTo("password changed"));
    // a reader of the record checks the hash of the document it carries
    assertThat(RegistryVersion.fromJson(stripped.toJson())).isEqualTo(stripped);
  }

  @Test
  void aDocumentWithoutPasswordsStaysAsWritten() throws IOException {
    RegistryVersion v = RegistryVersion.of(1, "ops", AT, demoText()).withoutPasswords();
    assertThat(v.withoutPasswords()).isSameAs(v);
  }
}
