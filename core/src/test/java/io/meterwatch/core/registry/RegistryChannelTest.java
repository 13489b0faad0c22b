package io.meterwatch.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryChannelTest {
  private static final String CHANNEL = "test-" + RegistryChannelTest.class.getName();
  private static final String KILN_TAIL = "610902G0010001";

  @AfterEach
  void closeChannel() {
    RegistryChannel.close(CHANNEL);
  }

  private static String demoText() throws IOException {
    try (InputStream in =
        RegistryLoader.class.getResourceAsStream(RegistryLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static SiteRegistry read(String yaml) {
    return RegistryLoader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "city.yaml");
  }

  /** What Flink does to the registry an operator holds: serialize it with the job graph. */
  @SuppressWarnings("unchecked")
  private static <T> T shipped(T o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void aFollowingCopyAnswersFromItsOwnContentsUntilAVersionIsInstalled() throws Exception {
    SiteRegistry v1 = read(demoText());
    SiteRegistry operatorCopy = shipped(v1.following(CHANNEL));
    assertThat(operatorCopy.version()).isZero();
    assertThat(operatorCopy.meter(KILN_TAIL)).isPresent();
    assertThat(operatorCopy.meter("610902G0099999")).isEmpty();

    // version 2 renumbers the kiln tail outlet and renames a county
    SiteRegistry v2 =
        read(
            demoText()
                .replace("mn: 610902G0010001", "mn: 610902G0099999")
                .replace("nameZh: 汉滨区", "nameZh: 汉滨区（新）"));
    RegistryChannel.install(CHANNEL, 2, v2);
    assertThat(operatorCopy.version()).isEqualTo(2);
    assertThat(operatorCopy.meter(KILN_TAIL)).isEmpty();
    assertThat(operatorCopy.meter("610902G0099999")).isPresent();
    assertThat(operatorCopy.counties().get("hanbin").nameZh()).isEqualTo("汉滨区（新）");
    assertThat(v1.meter(KILN_TAIL)).as("the registry it was made from is unchanged").isPresent();
    assertThat(v1.version()).isZero();
  }

  @Test
  void anOlderVersionDoesNotReplaceANewerOneExceptOnRestore() throws IOException {
    SiteRegistry v1 = read(demoText());
    SiteRegistry v3 = read(demoText().replace("mn: 610902G0010001", "mn: 610902G0099999"));
    SiteRegistry view = v1.following(CHANNEL);
    RegistryChannel.install(CHANNEL, 3, v3);
    RegistryChannel.install(CHANNEL, 2, v1);
    assertThat(view.version()).isEqualTo(3);
    assertThat(view.meter(KILN_TAIL)).isEmpty();

    RegistryChannel.restore(CHANNEL, 2, v1);
    assertThat(view.version()).isEqualTo(2);
    assertThat(view.meter(KILN_TAIL)).isPresent();
  }

  @Test
  void installingAFollowingRegistryStoresItsContentsNotTheChannel() throws IOException {
    SiteRegistry v1 = read(demoText());
    RegistryChannel.install(CHANNEL, 1, v1.following("elsewhere"));
    RegistryChannel.close("elsewhere");
    assertThat(v1.following(CHANNEL).meter(KILN_TAIL)).isPresent();
  }
}
