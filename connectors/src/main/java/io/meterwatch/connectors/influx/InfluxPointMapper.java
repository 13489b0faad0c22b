package io.meterwatch.connectors.influx;

import java.io.Serializable;
import org.influxdb.dto.Point;

/**
 * Turns a stream element into an InfluxDB point for {@link InfluxSink}; serializable because Flink
 * ships it to the task managers (a lambda or method reference works).
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface InfluxPointMapper<T> extends Serializable {
  /** The point for an element, or {@code null} to write nothing for it. */
  Point toPoint(T element);
}
