# What QuickSight needs to know of each athena/queries/<name>.sql that the SQL itself does not say:
# its output columns, which a custom SQL dataset must declare with QuickSight's types, and the chart
# that answers the question (null: the sheet shows only the table of rows).
#
# One entry per file. The plan stops when a .sql file has no entry, when an entry has no file, when
# a declared column does not occur in the query's text, or when a chart names an undeclared column
# (tests/quicksight.tftest.hcl runs the module on athena/queries, so CI stops too). Keep the column
# names and order those of the query's SELECT, as docs/athena.md lists them.
#
# Types, from what Athena returns: varchar -> STRING; bigint, integer -> INTEGER; decimal, double ->
# DECIMAL; date, timestamp -> DATETIME; boolean -> BOOLEAN.
#
# Filters come from the columns, not from this map: a date range on every DATETIME column, and a
# list of values on event_type and on country.
#
# chart: type LINE (category a DATETIME column: one line per value) or BAR (bars per category, the
# largest first); values are summed, which on these one-row-per-category answers is the value itself.

locals {
  questions = {
    daily_active_users = {
      columns = [
        { name = "event_date", type = "DATETIME" },
        { name = "active_users", type = "INTEGER" },
        { name = "events", type = "INTEGER" },
      ]
      chart = { type = "LINE", category = "event_date", values = ["active_users", "events"] }
    }

    events_per_day_by_type = {
      columns = [
        { name = "event_date", type = "DATETIME" },
        { name = "event_type", type = "STRING" },
        { name = "country", type = "STRING" },
        { name = "events", type = "INTEGER" },
        { name = "revenue", type = "DECIMAL" },
      ]
      chart = { type = "LINE", category = "event_date", values = ["events", "revenue"] }
    }

    freshness = {
      columns = [
        { name = "table_name", type = "STRING" },
        { name = "measured_by", type = "STRING" },
        { name = "newest_time", type = "DATETIME" },
        { name = "records", type = "INTEGER" },
      ]
      chart = { type = "BAR", category = "table_name", values = ["records"] }
    }

    duplicates_per_day = {
      columns = [
        { name = "ingest_date", type = "DATETIME" },
        { name = "runs", type = "INTEGER" },
        { name = "raw_records", type = "INTEGER" },
        { name = "cleansed", type = "INTEGER" },
        { name = "quarantined", type = "INTEGER" },
        { name = "duplicates", type = "INTEGER" },
      ]
      chart = { type = "LINE", category = "ingest_date", values = ["cleansed", "duplicates", "quarantined"] }
    }

    late_event_share = {
      columns = [
        { name = "ingest_date", type = "DATETIME" },
        { name = "events", type = "INTEGER" },
        { name = "late_events", type = "INTEGER" },
        { name = "late_share", type = "DECIMAL" },
      ]
      chart = { type = "LINE", category = "ingest_date", values = ["late_share"] }
    }

    quarantine_reasons = {
      columns = [
        { name = "record_type", type = "STRING" },
        { name = "reason_code", type = "STRING" },
        { name = "reason", type = "STRING" },
        { name = "records", type = "INTEGER" },
      ]
      chart = { type = "BAR", category = "reason_code", values = ["records"] }
    }

    revenue_by_country = {
      columns = [
        { name = "country", type = "STRING" },
        { name = "revenue", type = "DECIMAL" },
        { name = "events", type = "INTEGER" },
      ]
      chart = { type = "BAR", category = "country", values = ["revenue"] }
    }

    top_event_types = {
      columns = [
        { name = "event_type", type = "STRING" },
        { name = "events", type = "INTEGER" },
        { name = "users", type = "INTEGER" },
        { name = "days", type = "INTEGER" },
      ]
      chart = { type = "BAR", category = "event_type", values = ["events"] }
    }
  }
}
