package dev.medallion.warehouse;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per SQL type, so that a type the warehouse reports can be compared with the one
 * {@link LoadSql#mapType} gives: PostgreSQL's {@code format_type} spelling, in lower case. {@code
 * VARCHAR(65535)} and {@code character varying(65535)}, {@code TIMESTAMPTZ} and {@code timestamp
 * with time zone}, {@code DECIMAL(18,2)} and {@code numeric(18, 2)} are each the same type.
 */
final class TypeSpelling {
  private static final Pattern TYPE = Pattern.compile("([a-z][a-z0-9 ]*?)\\s*(\\(([^)]*)\\))?");

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("varchar", "character varying"),
          Map.entry("nvarchar", "character varying"),
          Map.entry("char", "character"),
          Map.entry("nchar", "character"),
          Map.entry("bpchar", "character"),
          Map.entry("timestamptz", "timestamp with time zone"),
          Map.entry("timestamp", "timestamp without time zone"),
          Map.entry("int8", "bigint"),
          Map.entry("int", "integer"),
          Map.entry("int4", "integer"),
          Map.entry("int2", "smallint"),
          Map.entry("float", "double precision"),
          Map.entry("float8", "double precision"),
          Map.entry("float4", "real"),
          Map.entry("bool", "boolean"),
          Map.entry("decimal", "numeric"));

  private TypeSpelling() {}

  static String canonical(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    Matcher m = TYPE.matcher(t);
    if (!m.matches()) {
      return t;
    }
    String base = ALIASES.getOrDefault(m.group(1), m.group(1));
    if (m.group(2) == null) {
      return base;
    }
    String args = m.group(3).replace(" ", "");
    if (base.equals("character varying") && args.equals("max")) {
      args = "65535";
    }
    return base + "(" + args + ")";
  }
}
