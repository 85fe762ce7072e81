# The Glue Data Catalog databases and tables of the lake, and the Athena workgroup and saved queries.
#
# Every table is registered as a Delta Lake table that Athena (engine version 3) reads natively:
# table_type DELTA and the table's S3 location. Athena takes the files of the current version from
# the Delta log, so it never sees the files that MERGE and overwrite have removed. The columns and
# partition keys are those of catalog/tables.json (the jobs' own schemas), for the Glue console,
# Lake Formation and other readers of the catalog; no input format or SerDe is set, so an engine
# that does not read Delta fails instead of reading every Parquet file under the location.

locals {
  catalog = jsondecode(file(var.tables_file))
  tables  = { for table in local.catalog.tables : "${table.database}.${table.name}" => table }

  databases = toset([for table in local.catalog.tables : table.database])

  queries = { for file in fileset(var.queries_dir, "*.sql") : trimsuffix(file, ".sql") => file }
}

resource "aws_glue_catalog_database" "this" {
  for_each = local.databases

  name         = "${var.database_prefix}${each.key}"
  description  = "Medallion zone ${each.key}: Delta tables in s3://${var.zone_bucket_names[each.key]}/"
  location_uri = "s3://${var.zone_bucket_names[each.key]}/"

  tags = var.tags

  lifecycle {
    precondition {
      condition     = contains(keys(var.zone_bucket_names), each.key)
      error_message = "${var.tables_file} has database ${each.key}, which is no zone of the lake (${join(", ", keys(var.zone_bucket_names))})."
    }
  }
}

resource "aws_glue_catalog_table" "this" {
  for_each = local.tables

  database_name = aws_glue_catalog_database.this[each.value.database].name
  name          = each.value.name
  description   = "Medallion ${each.key} (Delta Lake; schema from catalog/tables.json)"
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    table_type = "DELTA"
    EXTERNAL   = "TRUE"
  }

  storage_descriptor {
    location = "s3://${var.zone_bucket_names[each.value.zone]}/${each.value.path}"

    dynamic "columns" {
      for_each = each.value.columns

      content {
        name    = columns.value.name
        type    = columns.value.type
        comment = try(columns.value.comment, null)
      }
    }
  }

  dynamic "partition_keys" {
    for_each = each.value.partition_keys

    content {
      name    = partition_keys.value.name
      type    = partition_keys.value.type
      comment = try(partition_keys.value.comment, null)
    }
  }
}

resource "aws_athena_workgroup" "this" {
  name          = var.name_prefix
  description   = "Medallion ${var.name_prefix}: queries of the lake's Delta tables"
  state         = "ENABLED"
  force_destroy = var.force_destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location = "s3://${var.athena_results_bucket_name}/"

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = var.kms_key_arn
      }
    }
  }

  tags = var.tags
}

resource "aws_athena_named_query" "this" {
  for_each = local.queries

  name        = each.key
  description = "athena/queries/${each.value}"
  workgroup   = aws_athena_workgroup.this.id
  database    = aws_glue_catalog_database.this[var.named_query_database].name
  query       = file("${var.queries_dir}/${each.value}")
}
