package io.meterwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.rules.DailyValue;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.jobs.source.CompactReading;
import io.meterwatch.jobs.windows.OutletHour;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * What crosses the network or sits in state must be a Flink POJO: a type Flink falls back to Kryo
 * for is slow and, for the immutable collections of the core records, fails at runtime.
 */
class FlinkTypesTest {

  @Test
  void streamAndStateTypesArePojos() {
    for (Class<?> c :
        new Class<?>[] {
          CompactReading.class,
          OutletHour.class,
          HourlyValue.class,
          DailyValue.class,
          RuleEvent.class
        }) {
      assertThat(TypeInformation.of(c)).as(c.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
    }
  }
}
