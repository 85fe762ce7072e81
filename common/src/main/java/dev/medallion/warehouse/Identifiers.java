package dev.medallion.warehouse;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * SQL identifiers and string literals. Medallion's names are lower-case snake case, which both
 * dialects take unquoted; a name is double-quoted only when it must be: when it is not of that
 * shape, or when it is a reserved word in PostgreSQL or in Redshift (one list for both, so that a
 * table's SQL reads the same in either dialect). Redshift folds even quoted names to lower case
 * unless {@code enable_case_sensitive_identifier} is on, so names with capitals are best avoided.
 */
final class Identifiers {
  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

  /**
   * PostgreSQL 17's reserved key words (appendix C, "reserved" and "reserved (can be function or
   * type)"), then the rest of Amazon Redshift's reserved words (developer guide, "Reserved words").
   */
  private static final Set<String> RESERVED =
      Set.of(
          """
          all analyse analyze and any array as asc asymmetric authorization binary both case cast
          check collate collation column concurrently constraint create cross current_catalog
          current_date current_role current_schema current_time current_timestamp current_user
          default deferrable desc distinct do else end except false fetch for foreign freeze from
          full grant group having ilike in initially inner intersect into is isnull join lateral
          leading left like limit localtime localtimestamp natural not notnull null offset on only
          or order outer overlaps placing primary references returning right select session_user
          similar some symmetric system_user table tablesample then to trailing true union unique
          user using variadic verbose when where window with
          aes128 aes256 allowoverwrite az64 backup between blanksasnull bytedict bzip2 connect
          credentials current_user_id deflate defrag delta delta32k disable emptyasnull enable
          encode encrypt encryption explicit globaldict256 globaldict64k gzip identity ignore
          interval language lun luns lzo lzop minus mostly16 mostly32 mostly8 new nulls off
          offline oid old open parallel partition percent permissions pivot raw readratio recover
          rejectlog resort respect restore snapshot start sysdate system tag tdes text255 text32k
          timestamp top truncatecolumns unnest unpivot wallet without
          """
              .strip()
              .split("\\s+"));

  private Identifiers() {}

  /** The identifier as SQL text: bare when it can be, else double-quoted. */
  static String quote(String identifier) {
    if (identifier.isEmpty()) {
      throw new IllegalArgumentException("an SQL identifier cannot be empty");
    }
    if (PLAIN.matcher(identifier).matches() && !RESERVED.contains(identifier)) {
      return identifier;
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * A string literal for a value that is never user data (an S3 URI, a role ARN). Quotes and
   * backslashes are refused rather than escaped: Redshift and PostgreSQL disagree on backslashes.
   */
  static String literal(String what, String value) {
    if (value.indexOf('\'') >= 0 || value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException(
          what + " '" + value + "' contains a quote or a backslash; use one without");
    }
    return "'" + value + "'";
  }
}
