# modules/catalog: the Glue databases and Delta tables of catalog/tables.json, the Athena workgroup
# (engine version 3, settings enforced, results encrypted, a scan cutoff), one named query per .sql.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name_prefix = "medallion-test"
  tables_file = "../catalog/tables.json"
  zone_bucket_names = {
    raw        = "medallion-test-raw"
    cleansed   = "medallion-test-cleansed"
    quarantine = "medallion-test-quarantine"
    curated    = "medallion-test-curated"
  }
  athena_results_bucket_name     = "medallion-test-athena-results"
  kms_key_arn                    = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  bytes_scanned_cutoff_per_query = 1073741824
  queries_dir                    = "tests/fixtures/athena-queries"
}

run "databases_and_delta_tables" {
  command = plan

  module {
    source = "./modules/catalog"
  }

  assert {
    condition     = toset([for database in aws_glue_catalog_database.this : database.name]) == toset(["raw", "cleansed", "quarantine", "curated"])
    error_message = "The databases must be raw, cleansed, quarantine and curated (the names of the Athena queries)."
  }

  assert {
    condition = toset(keys(aws_glue_catalog_table.this)) == toset([
      "raw.events", "cleansed.events", "cleansed.users", "cleansed.transactions", "quarantine.records", "curated.events_enriched", "curated.daily_event_metrics"
    ])
    error_message = "There must be a Glue table per lake table of DESIGN section 3."
  }

  assert {
    condition = alltrue([for table in jsondecode(file(var.tables_file)).tables : (
      aws_glue_catalog_table.this["${table.database}.${table.name}"].storage_descriptor[0].location == "s3://medallion-test-${table.zone}/${table.path}" &&
      aws_glue_catalog_table.this["${table.database}.${table.name}"].parameters["table_type"] == "DELTA" &&
      [for column in aws_glue_catalog_table.this["${table.database}.${table.name}"].storage_descriptor[0].columns : "${column.name} ${column.type}"] == [for column in table.columns : "${column.name} ${column.type}"] &&
      [for key in aws_glue_catalog_table.this["${table.database}.${table.name}"].partition_keys : "${key.name} ${key.type}"] == [for key in table.partition_keys : "${key.name} ${key.type}"]
    )])
    error_message = "Each table must be a Delta table at s3://<prefix>-<zone>/<path>, with the columns and partition keys of catalog/tables.json."
  }

  assert {
    condition     = aws_glue_catalog_table.this["cleansed.events"].storage_descriptor[0].location == "s3://medallion-test-cleansed/events"
    error_message = "cleansed.events must live at s3://<prefix>-cleansed/events."
  }
}

run "athena_workgroup" {
  command = plan

  module {
    source = "./modules/catalog"
  }

  assert {
    condition     = one(one(aws_athena_workgroup.this.configuration).engine_version).selected_engine_version == "Athena engine version 3"
    error_message = "The workgroup must run Athena engine version 3 (the one that reads Delta natively)."
  }

  assert {
    condition     = one(aws_athena_workgroup.this.configuration).enforce_workgroup_configuration == true
    error_message = "The workgroup's settings must be enforced (clients cannot override result location or encryption)."
  }

  assert {
    condition = (
      one(one(aws_athena_workgroup.this.configuration).result_configuration).output_location == "s3://medallion-test-athena-results/" &&
      one(one(one(aws_athena_workgroup.this.configuration).result_configuration).encryption_configuration).encryption_option == "SSE_KMS" &&
      one(one(one(aws_athena_workgroup.this.configuration).result_configuration).encryption_configuration).kms_key_arn == var.kms_key_arn
    )
    error_message = "Results must go to the results bucket, SSE-KMS encrypted with the deployment's key."
  }

  assert {
    condition     = one(aws_athena_workgroup.this.configuration).bytes_scanned_cutoff_per_query == 1073741824
    error_message = "The per-query scan cutoff must be the variable's."
  }

  assert {
    condition     = length(aws_athena_named_query.this) == length(fileset(var.queries_dir, "*.sql")) && length(aws_athena_named_query.this) == 2
    error_message = "There must be one named query per .sql file (the fixture has two, and a README that is none)."
  }

  assert {
    condition = alltrue([for file in fileset(var.queries_dir, "*.sql") : (
      aws_athena_named_query.this[trimsuffix(file, ".sql")].query == file("${var.queries_dir}/${file}") &&
      aws_athena_named_query.this[trimsuffix(file, ".sql")].workgroup == aws_athena_workgroup.this.id
    )])
    error_message = "Each named query is its file's text, named after the file, in the workgroup."
  }
}

run "no_queries_directory_no_named_queries" {
  command = plan

  module {
    source = "./modules/catalog"
  }

  variables {
    queries_dir = "tests/fixtures/no-such-directory"
  }

  assert {
    condition     = length(aws_athena_named_query.this) == 0
    error_message = "A missing queries directory gives no named queries (and no error)."
  }
}

run "cutoff_below_10_mb_is_refused" {
  command = plan

  module {
    source = "./modules/catalog"
  }

  variables {
    bytes_scanned_cutoff_per_query = 1000
  }

  expect_failures = [var.bytes_scanned_cutoff_per_query]
}
