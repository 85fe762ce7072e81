package dev.medallion.bookmark;

/** A file as a bookmark sees it: its path and its modification time (epoch milliseconds). */
public record SourceFile(String path, long modificationTime) {}
