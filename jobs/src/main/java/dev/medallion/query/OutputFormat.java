package dev.medallion.query;

/** How {@code query} prints a result. */
public enum OutputFormat {
  /** Aligned columns for a terminal. */
  TABLE,
  /** RFC 4180: one header row, quotes where needed, CRLF between records. */
  CSV,
  /** JSON lines: one object per row, nulls written out. */
  JSON
}
