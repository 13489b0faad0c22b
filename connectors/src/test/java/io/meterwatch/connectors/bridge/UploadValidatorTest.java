package io.meterwatch.connectors.bridge;

import static io.meterwatch.connectors.bridge.Uploads.ACK;
import static io.meterwatch.connectors.bridge.Uploads.MN;
import static io.meterwatch.connectors.bridge.Uploads.NO_ACK;
import static io.meterwatch.connectors.bridge.Uploads.OTHER_MN;
import static io.meterwatch.connectors.bridge.Uploads.bytes;
import static io.meterwatch.connectors.bridge.Uploads.frame;
import static io.meterwatch.connectors.bridge.Uploads.topic;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.connectors.bridge.UploadValidator.Accepted;
import io.meterwatch.connectors.bridge.UploadValidator.Held;
import io.meterwatch.connectors.bridge.UploadValidator.Outcome;
import io.meterwatch.connectors.bridge.UploadValidator.Rejected;
import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.SourceFormat;
import io.meterwatch.core.registry.JsonUploads;
import io.meterwatch.core.registry.RegistryInForce;
import io.meterwatch.core.registry.SiteRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadValidatorTest {
  static final Instant RECEIVED = T0.plusSeconds(1);

  final UploadValidator validator = validator(Uploads.REGISTRY);

  static UploadValidator validator(SiteRegistry registry) {
    return new UploadValidator(
        new MeterTopic("meters/+/data", "meters/{mn}/ack"),
        () -> new RegistryInForce(0, registry),
        new Hj212Codec(),
        new ReadingJson(),
        Duration.ofSeconds(10),
        MqttKafkaBridge.DEFAULT_MAX_PAYLOAD_BYTES,
        ReadingJson.DEFAULT_MAX_FUTURE_SKEW,
        false);
  }

  static InboundMessage message(String topic, String payload) {
    return message(topic, bytes(payload), 7);
  }

  static InboundMessage message(String topic, byte[] payload, int id) {
    return new InboundMessage(topic, payload, id, 1, RECEIVED);
  }

  private ReasonCode reasonOf(String topic, String payload) {
    Outcome o = validator.accept(message(topic, payload));
    assertThat(o).isInstanceOf(Rejected.class);
    Rejected r = (Rejected) o;
    assertThat(r.messages()).hasSize(1);
    return r.error().reason();
  }

  @Test
  void acceptsAnHj212UploadAndAnswersWith9014WhenFlagAsks() {
    InboundMessage m = message(topic(MN), frame(MN, 1, ACK));
    Accepted a = (Accepted) validator.accept(m);

    assertThat(a.reading().mn()).isEqualTo(MN);
    assertThat(a.reading().qn()).isEqualTo(Uploads.qn(1));
    assertThat(a.reading().format()).isEqualTo(SourceFormat.HJ212);
    assertThat(a.reading().receiveTime()).isEqualTo(RECEIVED);
    assertThat(a.reading().sample(SO2).primaryValue()).isEqualTo(41.0);
    assertThat(a.messages()).containsExactly(m);
    assertThat(a.ackFrame())
        .isEqualTo(
            Hj212Codec.frame(
                "QN=" + Uploads.qn(1) + ";ST=91;CN=9014;PW=******;MN=" + MN + ";Flag=4;CP=&&&&"));
  }

  @Test
  void noAckFrameWithoutFlagBitA() {
    Accepted a = (Accepted) validator.accept(message(topic(MN), frame(MN, 2, NO_ACK)));
    assertThat(a.ackFrame()).isNull();
  }

  @Test
  void acceptsCanonicalJsonAndStampsTheReceiveTime() {
    Accepted a = (Accepted) validator.accept(message(topic(MN), Uploads.json(MN, 3), 8));
    assertThat(a.reading().format()).isEqualTo(SourceFormat.JSON);
    assertThat(a.reading().receiveTime()).isEqualTo(RECEIVED);
    assertThat(a.reading().sample(O2).primaryValue()).isEqualTo(10.5);
    assertThat(a.ackFrame()).isNull();
  }

  @Test
  void eachBadInputClassHasItsReason() {
    String good = frame(MN, 4, NO_ACK).trim();
    String badCrc =
        good.substring(0, good.length() - 4) + (good.endsWith("0000") ? "1111" : "0000");
    String wrongLength =
        "##"
            + String.format("%04d", Integer.parseInt(good.substring(2, 6)) + 1)
            + good.substring(6);
    String truncated = good.substring(0, good.indexOf(";CP=") + 10);

    assertThat(reasonOf(topic(MN), badCrc)).isEqualTo(ReasonCode.CRC_MISMATCH);
    assertThat(reasonOf(topic(MN), wrongLength)).isEqualTo(ReasonCode.LENGTH_MISMATCH);
    assertThat(reasonOf(topic(MN), truncated)).isEqualTo(ReasonCode.BAD_FRAME);
    assertThat(reasonOf(topic(MN), "{\"mn\":")).isEqualTo(ReasonCode.BAD_JSON);
    assertThat(reasonOf(topic(MN), "hello")).isEqualTo(ReasonCode.BAD_FRAME);
    assertThat(reasonOf(topic("UNKNOWN0000001"), unregistered("UNKNOWN0000001")))
        .isEqualTo(ReasonCode.UNKNOWN_MN);
    assertThat(
            reasonOf(
                topic(MN), Uploads.CODEC.encodeReading(Uploads.reading(MN, 5, 40), "000000", 4)))
        .isEqualTo(ReasonCode.WRONG_PASSWORD);
    assertThat(reasonOf(topic(OTHER_MN), frame(MN, 6, NO_ACK)))
        .isEqualTo(ReasonCode.MN_TOPIC_MISMATCH);
    assertThat(
            reasonOf(
                topic(MN), Uploads.CODEC.encodeReading(Uploads.reading(MN, 7, -3), Uploads.PW, 4)))
        .isEqualTo(ReasonCode.IMPOSSIBLE_VALUE);
  }

  private static String unregistered(String mn) {
    return Uploads.CODEC.encodeReading(Uploads.reading(mn, 8, 40), "123456", 4);
  }

  @Test
  void wrongPasswordMessageNamesNeitherPassword() {
    Rejected r =
        (Rejected)
            validator.accept(
                message(
                    topic(MN),
                    Uploads.CODEC.encodeReading(Uploads.reading(MN, 9, 40), "999999", 4)));
    assertThat(r.error().getMessage())
        .isEqualTo("PW does not match the device password registered for MN " + MN)
        .doesNotContain("999999")
        .doesNotContain(Uploads.PW);
  }

  @Test
  void withoutRegistryUnknownMetersAndAnyPasswordPass() {
    UploadValidator open = validator(null);
    String frame = unregistered("UNKNOWN0000001");
    assertThat(open.accept(message(topic("UNKNOWN0000001"), frame))).isInstanceOf(Accepted.class);
  }

  @Test
  void jsonIsRefusedWhereTheRegistrySaysSo() {
    SiteRegistry demo = Uploads.REGISTRY;
    // refused for every meter but OTHER_MN
    SiteRegistry hj212Only =
        new SiteRegistry(
            List.copyOf(demo.counties().values()),
            demo.enterprises(),
            demo.standards(),
            JsonUploads.REFUSED,
            Map.of(OTHER_MN, JsonUploads.ALLOWED));
    UploadValidator v = validator(hj212Only);
    Rejected r = (Rejected) v.accept(message(topic(MN), Uploads.json(MN, 3), 8));
    assertThat(r.error().reason()).isEqualTo(ReasonCode.JSON_NOT_ALLOWED);
    assertThat(r.mn()).isEqualTo(MN);
    assertThat(r.error().getMessage())
        .isEqualTo(
            "the registry refuses JSON uploads from MN "
                + MN
                + " (they carry no PW); the meter must send HJ 212");
    assertThat(v.accept(message(topic(OTHER_MN), Uploads.json(OTHER_MN, 3), 9)))
        .isInstanceOf(Accepted.class);
    // HJ 212 from the same meter, with its PW, passes
    assertThat(v.accept(message(topic(MN), frame(MN, 3, NO_ACK)))).isInstanceOf(Accepted.class);
  }

  @Test
  void jsonFromAnotherMeterIsRejectedAsSpoofing() {
    Rejected r = (Rejected) validator.accept(message(topic(OTHER_MN), Uploads.json(MN, 10), 9));
    assertThat(r.error().reason()).isEqualTo(ReasonCode.MN_TOPIC_MISMATCH);
    assertThat(r.mn()).isEqualTo(OTHER_MN);
    assertThat(r.error().getMessage())
        .isEqualTo("MN " + MN + " in the payload, " + OTHER_MN + " in the topic");
  }

  @Test
  void splitPacketIsHeldUntilItsLastPartAndAckedAsOne() {
    List<String> parts = Uploads.splitFrames(MN, 11);
    InboundMessage p1 = message(topic(MN), bytes(parts.get(0)), 1);
    InboundMessage p1again = message(topic(MN), bytes(parts.get(0)), 2);
    InboundMessage p2 = message(topic(MN), bytes(parts.get(1)), 3);

    assertThat(validator.accept(p1)).isInstanceOf(Held.class);
    assertThat(validator.accept(p1again)).isInstanceOf(Held.class);
    assertThat(validator.pendingSplitPackets()).isEqualTo(1);
    Accepted a = (Accepted) validator.accept(p2);

    assertThat(a.messages()).containsExactly(p1, p1again, p2);
    assertThat(a.reading().samples().keySet()).containsExactly(SO2, O2);
    assertThat(a.ackFrame()).contains("CN=9014").contains("QN=" + Uploads.qn(11));
    assertThat(validator.pendingSplitPackets()).isZero();
    assertThat(validator.expire(RECEIVED.plusSeconds(3600))).isEmpty();
  }

  @Test
  void splitPacketWithAMissingPartTimesOutToTheDlq() {
    List<String> parts = Uploads.splitFrames(MN, 12);
    InboundMessage p2 = message(topic(MN), bytes(parts.get(1)), 4);
    assertThat(validator.accept(p2)).isInstanceOf(Held.class);

    assertThat(validator.expire(RECEIVED.plusSeconds(9))).isEmpty();
    List<Rejected> expired = validator.expire(RECEIVED.plusSeconds(10));

    assertThat(expired).hasSize(1);
    assertThat(expired.get(0).messages()).containsExactly(p2);
    assertThat(expired.get(0).mn()).isEqualTo(MN);
    assertThat(expired.get(0).error().reason()).isEqualTo(ReasonCode.SPLIT_TIMEOUT);
    assertThat(expired.get(0).error().getMessage())
        .isEqualTo(
            "split packet MN "
                + MN
                + " QN "
                + Uploads.qn(12)
                + ": parts [1] of 2 did not arrive"
                + " within PT10S");
    assertThat(validator.pendingSplitPackets()).isZero();
  }

  @Test
  void topicFilterMustNameTheMnLevel() {
    assertThatThrownBy(() -> new MeterTopic("meters/#", "meters/{mn}/ack"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a + level standing for the meter's MN");
    assertThatThrownBy(() -> new MeterTopic("$share/g/meters/+/data", "meters/{mn}/ack"))
        .hasMessageContaining("without $share/GROUP/");
    assertThatThrownBy(() -> new MeterTopic("meters/+/data", "meters/ack"))
        .hasMessageContaining("must contain {mn}");
    MeterTopic t = new MeterTopic("site/a/+/up", "site/a/{mn}/down");
    assertThat(t.mnOf("site/a/M7/up")).isEqualTo("M7");
    assertThat(t.mnOf("site/a")).isNull();
    assertThat(t.ackTopic("M7")).isEqualTo("site/a/M7/down");
  }
}
