package io.meterwatch.core.registry;

import java.io.Serializable;

/**
 * A jurisdiction that carries enforcement out locally.
 *
 * @param id short stable id used in the registry and in tags, e.g. {@code hanbin}
 * @param nameZh Chinese name, e.g. 汉滨区
 * @param nameEn English name, e.g. Hanbin District
 */
public record County(String id, String nameZh, String nameEn) implements Serializable {}
