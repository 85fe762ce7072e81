# The root module: the whole deployment plans with either warehouse, with or without the stream,
# and the modules are wired together (the jobs get the lake's, stream's and warehouse's values).

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name_prefix        = "medallion-test"
  artifact_dir       = "tests/fixtures/glue-artifact"
  athena_queries_dir = "tests/fixtures/athena-queries"
}

run "whole_deployment_with_postgres" {
  command = plan

  assert {
    condition     = output.lake_bucket_names["cleansed"] == "medallion-test-cleansed" && output.lake_uri == "s3://medallion-test-{zone}"
    error_message = "The zones are buckets <name_prefix>-<zone>, addressed as s3://<name_prefix>-{zone}."
  }

  assert {
    condition     = alltrue([for arguments in output.glue_job_arguments : arguments["--lake"] == output.lake_uri])
    error_message = "Every job gets the lake's --lake."
  }

  assert {
    condition     = output.glue_job_arguments["ingest"]["--landing"] == output.lake_landing_uri && output.lake_landing_uri == "s3://medallion-test-landing/"
    error_message = "Ingest reads the landing bucket."
  }

  assert {
    condition     = output.glue_job_arguments["stream"]["--stream"] == output.stream_name && output.stream_name == "medallion-test-events"
    error_message = "The stream job reads the deployment's stream."
  }

  assert {
    condition = (
      output.glue_job_arguments["load"]["--warehouse-url"] == output.warehouse_jdbc_url &&
      startswith(output.warehouse_jdbc_url, "jdbc:postgresql://") &&
      output.glue_job_arguments["load"]["--warehouse-secret"] == output.warehouse_secret_arn
    )
    error_message = "The load job gets the warehouse's JDBC URL and secret."
  }

  assert {
    condition     = length(output.catalog_table_names) == 7 && output.athena_workgroup_name == "medallion-test" && output.athena_named_query_names == tolist(["events_per_type", "quarantine_reasons"])
    error_message = "Seven Glue tables, the workgroup, one named query per .sql file."
  }

  assert {
    condition     = output.glue_stream_start_command == "aws glue start-job-run --job-name medallion-test-stream"
    error_message = "The outputs say how to start the stream job."
  }

  assert {
    condition     = toset(output.monitoring_alarm_names) == toset(["medallion-test-ingest-quarantine-ratio", "medallion-test-load-failed", "medallion-test-stream-iterator-age", "medallion-test-stream-quarantine-ratio"])
    error_message = "The alarms: ingest quarantine ratio, load failure, stream iterator age and quarantine ratio."
  }
}

run "whole_deployment_with_redshift" {
  command = plan

  variables {
    warehouse_engine = "redshift"
  }

  assert {
    condition = (
      output.warehouse_engine == "redshift" &&
      startswith(output.warehouse_jdbc_url, "jdbc:redshift://") &&
      output.glue_job_arguments["load"]["--warehouse-url"] == output.warehouse_jdbc_url &&
      output.glue_job_arguments["load"]["--redshift-staging"] == "s3://medallion-test-temp/redshift-staging" &&
      startswith(output.glue_job_arguments["load"]["--redshift-iam-role"], "arn:aws:iam::")
    )
    error_message = "With Redshift the load job gets the Redshift URL, the staging URI and the COPY role."
  }
}

run "without_the_stream" {
  command = plan

  variables {
    stream_enabled = false
  }

  assert {
    condition     = output.stream_name == null && !contains(keys(output.glue_job_names), "stream") && output.glue_stream_start_command == null
    error_message = "stream_enabled = false leaves out the stream and the stream job."
  }

  assert {
    condition     = toset(output.monitoring_alarm_names) == toset(["medallion-test-ingest-quarantine-ratio", "medallion-test-load-failed"])
    error_message = "Without the stream there are no stream alarms."
  }
}

run "provisioned_stream" {
  command = plan

  variables {
    stream_mode        = "PROVISIONED"
    stream_shard_count = 10
  }

  assert {
    condition     = output.stream_name == "medallion-test-events"
    error_message = "A provisioned stream plans too."
  }
}
