# modules/glue: the jobs, triggers and workflow are those of workflow/medallion.json, on Glue 5.0
# with Delta, the AWS values in place of the local ones; one least-privilege role per job.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name_prefix   = "medallion-test"
  workflow_file = "../workflow/medallion.json"
  artifact_dir  = "tests/fixtures/glue-artifact"
  bucket_names = {
    raw              = "medallion-test-raw"
    cleansed         = "medallion-test-cleansed"
    quarantine       = "medallion-test-quarantine"
    curated          = "medallion-test-curated"
    state            = "medallion-test-state"
    landing          = "medallion-test-landing"
    scripts          = "medallion-test-scripts"
    temp             = "medallion-test-temp"
    "athena-results" = "medallion-test-athena-results"
  }
  bucket_arns = {
    raw              = "arn:aws:s3:::medallion-test-raw"
    cleansed         = "arn:aws:s3:::medallion-test-cleansed"
    quarantine       = "arn:aws:s3:::medallion-test-quarantine"
    curated          = "arn:aws:s3:::medallion-test-curated"
    state            = "arn:aws:s3:::medallion-test-state"
    landing          = "arn:aws:s3:::medallion-test-landing"
    scripts          = "arn:aws:s3:::medallion-test-scripts"
    temp             = "arn:aws:s3:::medallion-test-temp"
    "athena-results" = "arn:aws:s3:::medallion-test-athena-results"
  }
  lake_uri    = "s3://medallion-test-{zone}"
  landing_uri = "s3://medallion-test-landing/"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  stream_name = "medallion-test-events"
  stream_arn  = "arn:aws:kinesis:eu-west-1:123456789012:stream/medallion-test-events"
  warehouse = {
    engine          = "postgres"
    jdbc_url        = "jdbc:postgresql://warehouse.example:5432/medallion?user=medallion&sslmode=require"
    secret_arn      = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:warehouse-test"
    connection_name = "medallion-test-warehouse"
  }
}

run "jobs_are_the_workflow_files" {
  command = plan

  module {
    source = "./modules/glue"
  }

  assert {
    condition     = toset(keys(aws_glue_job.this)) == toset(keys(jsondecode(file(var.workflow_file)).jobs))
    error_message = "There must be one Glue job per job of the workflow file."
  }

  assert {
    condition     = alltrue([for key, job in aws_glue_job.this : job.name == "medallion-test-${key}"])
    error_message = "Glue jobs must be named <name_prefix>-<job>."
  }

  assert {
    condition     = alltrue([for job in aws_glue_job.this : job.glue_version == "5.0"])
    error_message = "Every job must run on Glue 5.0."
  }

  assert {
    condition     = alltrue([for job in aws_glue_job.this : job.default_arguments["--datalake-formats"] == "delta"])
    error_message = "Every job must have --datalake-formats delta."
  }

  assert {
    condition     = alltrue([for job in aws_glue_job.this : job.default_arguments["--conf"] == "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog"])
    error_message = "Every job must set Delta's SQL extension and catalog with --conf (docs/glue.md)."
  }

  assert {
    condition = alltrue([for key, job in jsondecode(file(var.workflow_file)).jobs : (
      lookup(aws_glue_job.this[key].default_arguments, "--job-bookmark-option", "absent") == lookup(job.default_arguments, "--job-bookmark-option", "absent")
    )])
    error_message = "--job-bookmark-option of every job must be the workflow file's (and absent where the file has none)."
  }

  assert {
    condition = alltrue([for key, job in jsondecode(file(var.workflow_file)).jobs : (
      one(aws_glue_job.this[key].command).name == (job.command == "stream" ? "gluestreaming" : "glueetl")
    )])
    error_message = "The stream job must be a gluestreaming job, every other job glueetl."
  }

  assert {
    condition     = aws_glue_job.this["stream"].worker_type == "G.025X" && aws_glue_job.this["ingest"].worker_type == "G.1X"
    error_message = "The stream job runs on G.025X workers by default, the batch jobs on G.1X."
  }

  assert {
    condition = alltrue([for key, job in aws_glue_job.this : (
      job.default_arguments["--job-language"] == "scala" &&
      one(job.command).script_location == "s3://medallion-test-scripts/medallion/0.0.0-test/scripts/${job.default_arguments["--class"]}.scala" &&
      job.default_arguments["--class"] == "${title(jsondecode(file(var.workflow_file)).jobs[key].command)}GlueScript" &&
      job.default_arguments["--extra-jars"] == "s3://medallion-test-scripts/medallion/0.0.0-test/medallion-glue-0.0.0-test.jar"
    )])
    error_message = "Each job runs scripts/<Command>GlueScript.scala (--class <Command>GlueScript) of the uploaded artifact, in Scala, with the jar in --extra-jars."
  }

  assert {
    condition = alltrue([for key, job in jsondecode(file(var.workflow_file)).jobs : alltrue([
      for name, value in job.default_arguments : aws_glue_job.this[key].default_arguments[name] == lookup({
        "--lake"          = "s3://medallion-test-{zone}"
        "--landing"       = "s3://medallion-test-landing/"
        "--stream"        = "medallion-test-events"
        "--warehouse-url" = var.warehouse.jdbc_url
      }, name, value)
    ])])
    error_message = "Every argument of the workflow file must be passed, with --lake, --landing, --stream and --warehouse-url replaced by the AWS values."
  }

  assert {
    condition     = aws_glue_job.this["load"].default_arguments["--warehouse-secret"] == var.warehouse.secret_arn && !contains(keys(aws_glue_job.this["ingest"].default_arguments), "--warehouse-secret")
    error_message = "The load job (and only it) gets --warehouse-secret."
  }

  assert {
    condition     = aws_glue_job.this["load"].connections == tolist(["medallion-test-warehouse"]) && alltrue([for key, job in aws_glue_job.this : job.connections == null if key != "load"])
    error_message = "Only the load job runs in the warehouse's Glue connection."
  }

  assert {
    condition = alltrue([for key, job in aws_glue_job.this : (
      job.default_arguments["--enable-metrics"] == "true" &&
      job.default_arguments["--enable-continuous-cloudwatch-log"] == "true" &&
      job.default_arguments["--custom-logGroup-prefix"] == "/aws-glue/jobs/medallion-test" &&
      startswith(job.default_arguments["--TempDir"], "s3://medallion-test-temp/")
    )])
    error_message = "Every job has metrics, continuous logging into the deployment's log groups, and --TempDir in the temp bucket."
  }

  assert {
    condition     = alltrue([for job in aws_glue_job.this : job.security_configuration == "medallion-test-jobs" && one(job.execution_property).max_concurrent_runs == 1])
    error_message = "Every job uses the security configuration and runs once at a time."
  }

  assert {
    condition = (
      one(one(aws_glue_security_configuration.this.encryption_configuration).s3_encryption).s3_encryption_mode == "SSE-KMS" &&
      one(one(aws_glue_security_configuration.this.encryption_configuration).cloudwatch_encryption).cloudwatch_encryption_mode == "SSE-KMS" &&
      one(one(aws_glue_security_configuration.this.encryption_configuration).job_bookmarks_encryption).job_bookmarks_encryption_mode == "CSE-KMS"
    )
    error_message = "The security configuration must encrypt S3 (SSE-KMS), CloudWatch Logs (SSE-KMS) and bookmarks (CSE-KMS)."
  }

  assert {
    condition     = toset(keys(aws_s3_object.artifact)) == fileset(var.artifact_dir, "**") && alltrue([for file, object in aws_s3_object.artifact : object.key == "medallion/0.0.0-test/${file}" && object.source_hash == filemd5("${var.artifact_dir}/${file}")])
    error_message = "Every file of the artifact is uploaded under medallion/<version>/, with its MD5 as source_hash."
  }

  assert {
    condition     = output.glue_artifact_version == "0.0.0-test"
    error_message = "The version must come from the jar's name."
  }
}

run "triggers_and_workflow_are_the_workflow_files" {
  command = plan

  module {
    source = "./modules/glue"
  }

  assert {
    condition     = toset(keys(aws_glue_trigger.this)) == toset([for trigger in jsondecode(file(var.workflow_file)).triggers : trigger.name])
    error_message = "There must be one Glue trigger per trigger of the workflow file."
  }

  assert {
    condition = alltrue([for trigger in jsondecode(file(var.workflow_file)).triggers : (
      aws_glue_trigger.this[trigger.name].name == "medallion-test-${trigger.name}" &&
      aws_glue_trigger.this[trigger.name].type == trigger.type &&
      aws_glue_trigger.this[trigger.name].workflow_name == aws_glue_workflow.this.name &&
      [for action in aws_glue_trigger.this[trigger.name].actions : action.job_name] == [for action in trigger.actions : "medallion-test-${action.job_name}"]
    )])
    error_message = "Each trigger must have the file's type and actions, in the one workflow."
  }

  assert {
    condition = alltrue([for trigger in jsondecode(file(var.workflow_file)).triggers : (
      aws_glue_trigger.this[trigger.name].schedule == trigger.schedule
    ) if trigger.type == "SCHEDULED"])
    error_message = "A SCHEDULED trigger must have the file's schedule."
  }

  assert {
    condition = (
      aws_glue_trigger.this["daily-maintenance"].schedule == "cron(30 3 * * ? *)" &&
      [for action in aws_glue_trigger.this["daily-maintenance"].actions : action.job_name] == ["medallion-test-maintenance"] &&
      aws_glue_job.this["maintenance"].command[0].script_location == "s3://medallion-test-scripts/medallion/0.0.0-test/scripts/MaintenanceGlueScript.scala" &&
      aws_glue_job.this["maintenance"].default_arguments["--class"] == "MaintenanceGlueScript" &&
      aws_glue_job.this["maintenance"].default_arguments["--lake"] == var.lake_uri &&
      aws_glue_job.this["maintenance"].default_arguments["--retain"] == "168h"
    )
    error_message = "The maintenance job runs MaintenanceGlueScript on the deployment's lake, daily at 03:30 UTC."
  }

  assert {
    condition = alltrue([for trigger in jsondecode(file(var.workflow_file)).triggers : (
      one(aws_glue_trigger.this[trigger.name].predicate).logical == trigger.predicate.logical &&
      [for condition in one(aws_glue_trigger.this[trigger.name].predicate).conditions : {
        job_name = condition.job_name, state = condition.state, logical_operator = condition.logical_operator
        }] == [for condition in trigger.predicate.conditions : {
        job_name = "medallion-test-${condition.job_name}", state = condition.state, logical_operator = condition.logical_operator
      }]
    ) if trigger.type == "CONDITIONAL"])
    error_message = "Every CONDITIONAL trigger's predicate (logical; job_name, state, logical_operator of each condition) must be the file's."
  }

  assert {
    condition     = alltrue([for trigger in aws_glue_trigger.this : length(trigger.predicate) == 0 if trigger.type != "CONDITIONAL"])
    error_message = "Only CONDITIONAL triggers have a predicate."
  }

  assert {
    condition     = alltrue([for trigger in aws_glue_trigger.this : !contains([for action in trigger.actions : action.job_name], "medallion-test-stream")])
    error_message = "No trigger starts the stream job: it runs until stopped."
  }

  assert {
    condition     = aws_glue_workflow.this.name == "medallion-test-${jsondecode(file(var.workflow_file)).workflow.name}" && aws_glue_workflow.this.max_concurrent_runs == jsondecode(file(var.workflow_file)).workflow.max_concurrent_runs
    error_message = "The workflow is the file's, named <name_prefix>-<workflow name>."
  }

  assert {
    condition     = output.glue_stream_start_command == "aws glue start-job-run --job-name medallion-test-stream"
    error_message = "The output must say how to start the stream job."
  }
}

run "one_role_per_job_with_only_what_it_touches" {
  command = plan

  module {
    source = "./modules/glue"
  }

  assert {
    condition     = toset(keys(aws_iam_role.job)) == toset(keys(aws_glue_job.this))
    error_message = "Each job must have its own role."
  }

  assert {
    condition     = alltrue([for role in aws_iam_role.job : jsondecode(role.assume_role_policy).Statement[0].Principal.Service == "glue.amazonaws.com"])
    error_message = "The job roles must trust glue.amazonaws.com."
  }

  # The stream role reads the one stream: every Kinesis statement names that stream (or its
  # enhanced fan-out consumers) and nothing else.
  assert {
    condition = alltrue(flatten([for statement in jsondecode(aws_iam_role_policy.job["stream"].policy).Statement : [
      for resource in statement.Resource : resource == var.stream_arn || startswith(resource, "${var.stream_arn}/consumer/")
    ] if anytrue([for action in statement.Action : startswith(action, "kinesis:")])]))
    error_message = "The stream role may read only the one stream's ARN."
  }

  assert {
    condition = toset(flatten([for statement in jsondecode(aws_iam_role_policy.job["stream"].policy).Statement : [
      for action in statement.Action : action if startswith(action, "kinesis:")
    ]])) == toset(["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:SubscribeToShard"])
    error_message = "The stream role reads the stream (GetRecords, GetShardIterator, DescribeStream(Summary), ListShards, SubscribeToShard), nothing more."
  }

  assert {
    condition = alltrue([for key in ["ingest", "curate", "load", "maintenance"] : !anytrue([for statement in jsondecode(aws_iam_role_policy.job[key].policy).Statement : anytrue([
      for action in statement.Action : startswith(action, "kinesis:")
    ])])])
    error_message = "Only the stream role may touch Kinesis."
  }

  assert {
    condition = alltrue([for key, zones in {
      ingest      = ["raw", "cleansed", "quarantine", "state"], curate = ["curated", "state"], load = ["state"], stream = ["raw", "cleansed", "quarantine", "state"]
      maintenance = ["raw", "cleansed", "quarantine", "curated", "state"]
      } : toset([for statement in jsondecode(aws_iam_role_policy.job[key].policy).Statement : statement.Resource if statement.Sid == "WriteItsZonesStateAndTemp"][0]) == toset(concat(
        ["arn:aws:s3:::medallion-test-temp/*"], [for zone in zones : "arn:aws:s3:::medallion-test-${zone}/*"]
    ))])
    error_message = "Each role writes only its zones, state and temp (ingest and stream: raw, cleansed, quarantine; curate: curated; load: none; maintenance: every zone's tables)."
  }

  assert {
    condition = alltrue([for key, buckets in { ingest = ["landing"], curate = ["cleansed"], load = ["curated"], stream = [], maintenance = [] } :
      toset([for statement in jsondecode(aws_iam_role_policy.job[key].policy).Statement : statement.Resource if statement.Sid == "ReadTheArtifactAndItsInputs"][0]) == toset(concat(
        ["arn:aws:s3:::medallion-test-scripts/medallion/*"], [for bucket in buckets : "arn:aws:s3:::medallion-test-${bucket}/*"]
    ))])
    error_message = "Each role reads the artifact and only its inputs (ingest: landing; curate: cleansed; load: curated)."
  }

  assert {
    condition = alltrue([for key, role in aws_iam_role_policy.job : (
      anytrue([for statement in jsondecode(role.policy).Statement : contains(statement.Action, "secretsmanager:GetSecretValue") && statement.Resource == [var.warehouse.secret_arn]])
    ) == (key == "load")])
    error_message = "Only the load role may read the warehouse secret, and only that secret."
  }
}

run "redshift_adds_staging_and_copy_role" {
  command = plan

  module {
    source = "./modules/glue"
  }

  variables {
    warehouse = {
      engine                = "redshift"
      jdbc_url              = "jdbc:redshift://wg.example:5439/medallion?user=medallion&sslmode=require"
      secret_arn            = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift-test"
      connection_name       = "medallion-test-warehouse"
      redshift_iam_role_arn = "arn:aws:iam::123456789012:role/medallion-test-redshift-copy"
      redshift_staging_uri  = "s3://medallion-test-temp/redshift-staging"
    }
  }

  assert {
    condition = (
      aws_glue_job.this["load"].default_arguments["--warehouse-url"] == "jdbc:redshift://wg.example:5439/medallion?user=medallion&sslmode=require" &&
      aws_glue_job.this["load"].default_arguments["--redshift-iam-role"] == "arn:aws:iam::123456789012:role/medallion-test-redshift-copy" &&
      aws_glue_job.this["load"].default_arguments["--redshift-staging"] == "s3://medallion-test-temp/redshift-staging"
    )
    error_message = "A Redshift load gets --redshift-iam-role and --redshift-staging."
  }
}

run "no_stream_no_stream_job" {
  command = plan

  module {
    source = "./modules/glue"
  }

  variables {
    stream_name = null
    stream_arn  = null
  }

  assert {
    condition     = toset(keys(aws_glue_job.this)) == toset(["ingest", "curate", "load", "maintenance"]) && output.glue_stream_start_command == null
    error_message = "Without a stream the stream job is left out."
  }
}

run "overrides_and_inactive_schedules" {
  command = plan

  module {
    source = "./modules/glue"
  }

  variables {
    scheduled_triggers_enabled = false
    job_overrides = {
      ingest = { worker_type = "G.2X", number_of_workers = 10, extra_arguments = { "--enable-auto-scaling" = "true", "--late-policy" = "quarantine" } }
    }
  }

  assert {
    condition = (
      aws_glue_job.this["ingest"].worker_type == "G.2X" && aws_glue_job.this["ingest"].number_of_workers == 10 &&
      aws_glue_job.this["ingest"].default_arguments["--enable-auto-scaling"] == "true" &&
      aws_glue_job.this["ingest"].default_arguments["--late-policy"] == "quarantine" &&
      aws_glue_job.this["curate"].worker_type == "G.1X"
    )
    error_message = "job_overrides must change only the job it names."
  }

  assert {
    condition     = alltrue([for trigger in aws_glue_trigger.this : trigger.enabled == false && trigger.start_on_creation == false if trigger.type == "SCHEDULED"])
    error_message = "scheduled_triggers_enabled = false must leave the SCHEDULED triggers inactive."
  }
}

run "an_artifact_without_the_jar_is_refused" {
  command = plan

  module {
    source = "./modules/glue"
  }

  variables {
    artifact_dir = "tests/fixtures/no-queries"
  }

  expect_failures = [aws_glue_job.this]
}
