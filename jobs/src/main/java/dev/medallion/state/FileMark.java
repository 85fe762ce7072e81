package dev.medallion.state;

/** What a job remembers of a processed file: enough to know whether it changed since. */
public record FileMark(long size, long modificationTime, long run) {}
