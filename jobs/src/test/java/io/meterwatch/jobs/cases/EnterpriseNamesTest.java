package io.meterwatch.jobs.cases;

import static io.meterwatch.core.cases.CaseFixtures.breach;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.registry.RegistryChannel;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.jobs.registry.DemoRegistryVersions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The name a case opens with comes from the registry version in force when it opens: enterprise 40
 * of the demo city is absent from version 1 and added by version 2 (docs/registry.md).
 */
class EnterpriseNamesTest {
  private static final String CODE_40 = "91610902MA6YW7X882";
  private static final CaseKey SO2_40 =
      new CaseKey(CODE_40, DemoRegistryVersions.OUTLET, "E1", "a21026");
  private static final CaseKey NOX_40 =
      new CaseKey(CODE_40, DemoRegistryVersions.OUTLET, "E1", "a21002");

  private static SiteRegistry read(String document, String name) throws IOException {
    return RegistryLoader.read(
        new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), name);
  }

  @Test
  void aCaseOpensWithTheNameOfTheVersionInForce() throws Exception {
    String channel = "enterprise-names-test-" + UUID.randomUUID();
    SiteRegistry v1 = read(DemoRegistryVersions.v1(), "v1");
    SiteRegistry v2 = read(DemoRegistryVersions.v2(), "v2");
    var op =
        new KeyedCoProcessOperator<>(
            new CaseManagerFunction(
                CasePolicy.defaults(), EnterpriseNames.inForce(v1.following(channel))));
    try (var h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            op, (RuleEvent e) -> e.key().asString(), a -> a.key().asString(), Types.STRING)) {
      h.open();
      RuleEvent before = breach(SO2_40, Domain.EMISSION, 0, 0.4, Severity.MAJOR);
      h.processElement1(new StreamRecord<>(before, before.evidence().windowEnd().toEpochMilli()));

      RegistryChannel.install(channel, 2, v2);
      RuleEvent after = breach(NOX_40, Domain.EMISSION, 1, 0.4, Severity.MAJOR);
      h.processElement1(new StreamRecord<>(after, after.evidence().windowEnd().toEpochMilli()));

      List<CaseEvent> out = List.copyOf(h.extractOutputValues());
      assertThat(out).extracting(CaseEvent::type).containsOnly(CaseEventType.OPENED);
      // version 1 does not know enterprise 40; version 2 names it
      assertThat(out)
          .extracting(e -> e.parameter() + " " + e.enterpriseName())
          .containsExactly("a21026 null", "a21002 安康市汉滨建材有限公司");
    } finally {
      RegistryChannel.close(channel);
    }
  }

  @Test
  void aFixedMapNamesWhatItHolds() {
    EnterpriseNames names = EnterpriseNames.of(java.util.Map.of(CODE_40, "汉滨建材"));
    assertThat(names.nameOf(CODE_40)).isEqualTo("汉滨建材");
    assertThat(names.nameOf("91610900MA6YKX0001")).isNull();
  }
}
