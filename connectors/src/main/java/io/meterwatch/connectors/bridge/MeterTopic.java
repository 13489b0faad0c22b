package io.meterwatch.connectors.bridge;

/**
 * Where the MN sits in the MQTT topics a bridge subscribes to: the level of the first {@code +} of
 * the topic filter ({@code meters/+/data} gives level 1), and the topic HJ 212 acknowledgements go
 * to ({@code meters/{mn}/ack}).
 */
final class MeterTopic {
  static final String MN_PLACEHOLDER = "{mn}";

  private final String filter;
  private final int mnLevel;
  private final String ackTemplate;

  /**
   * @throws IllegalArgumentException when the filter has no {@code +} level, or the ack template no
   *     {@code {mn}}
   */
  MeterTopic(String filter, String ackTemplate) {
    this.filter = filter;
    this.mnLevel = mnLevel(filter);
    if (ackTemplate == null || !ackTemplate.contains(MN_PLACEHOLDER)) {
      throw new IllegalArgumentException(
          "the ack topic must contain " + MN_PLACEHOLDER + ", was " + ackTemplate);
    }
    this.ackTemplate = ackTemplate;
  }

  /** The level index of the filter's first {@code +}; throws when the filter has none. */
  static int mnLevel(String filter) {
    if (filter == null || filter.isBlank()) {
      throw new IllegalArgumentException("the topic filter must not be empty");
    }
    if (filter.startsWith("$share/")) {
      throw new IllegalArgumentException(
          "give the topic filter without $share/GROUP/ and the group as the shared group: "
              + filter);
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      if (levels[i].equals("+")) {
        return i;
      }
      if (levels[i].contains("+") || levels[i].contains("#")) {
        break;
      }
    }
    throw new IllegalArgumentException(
        "the topic filter needs a + level standing for the meter's MN (before any #), e.g."
            + " meters/+/data; was "
            + filter);
  }

  /** The MN the topic names, or {@code null} when the topic has no such level. */
  String mnOf(String topic) {
    // scanned rather than split: called for every message
    int start = 0;
    for (int level = 0; level < mnLevel; level++) {
      int slash = topic.indexOf('/', start);
      if (slash < 0) {
        return null;
      }
      start = slash + 1;
    }
    int end = topic.indexOf('/', start);
    if (end < 0) {
      end = topic.length();
    }
    return end == start ? null : topic.substring(start, end);
  }

  /** The topic the 9014 acknowledgement for a meter goes to. */
  String ackTopic(String mn) {
    return ackTemplate.replace(MN_PLACEHOLDER, mn);
  }

  String filter() {
    return filter;
  }
}
