package dev.medallion.landing;

import java.io.Serializable;

/**
 * One file in the landing area, as listed: its URI, size and modification time. Two listings of the
 * same unchanged file give equal values; a file rewritten in place gives a different one.
 */
public record LandingFile(String path, long size, long modificationTime) implements Serializable {}
