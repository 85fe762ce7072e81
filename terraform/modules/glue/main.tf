# The Glue jobs, triggers and workflow, generated from the one workflow definition
# (workflow/medallion.json) that the local runner also reads, and the artifact they run.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  workflow = jsondecode(file(var.workflow_file))

  # Without a stream (stream_name null) the jobs that read one (--stream) are left out.
  jobs = {
    for key, job in local.workflow.jobs : key => job
    if var.stream_name != null || !contains(keys(try(job.default_arguments, {})), "--stream")
  }

  triggers = { for trigger in local.workflow.triggers : trigger.name => trigger }

  # The artifact: every file Maven put in glue-artifact/, uploaded under <prefix>/<version>/.
  artifact_files   = fileset(var.artifact_dir, "**")
  artifact_jars    = sort(fileset(var.artifact_dir, "medallion-glue-*.jar"))
  jar_version      = try(regex("^medallion-glue-(.+)\\.jar$", one(local.artifact_jars))[0], null)
  artifact_version = var.artifact_version != null ? var.artifact_version : local.jar_version
  # Stands in for a missing version in names, so that the preconditions below can say what is wrong.
  version_or_unknown = coalesce(local.artifact_version, "unknown")
  jar_name           = "medallion-glue-${local.version_or_unknown}.jar"
  artifact_key       = "${var.artifact_prefix}/${local.version_or_unknown}"
  artifact_uri       = "s3://${var.bucket_names["scripts"]}/${local.artifact_key}"

  # Glue 5.0 writes driver stdout (the run summaries and the metric lines) to <prefix>/output and
  # its own logs to <prefix>/error; these groups belong to this deployment only.
  log_group_prefix = "/aws-glue/jobs/${var.name_prefix}"

  delta_conf = "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog"

  # The workflow file's local values of these arguments are replaced by the deployment's.
  aws_values = {
    "--lake"          = var.lake_uri
    "--landing"       = var.landing_uri
    "--stream"        = var.stream_name
    "--warehouse-url" = var.warehouse.jdbc_url
  }

  settings = {
    for key, job in local.jobs : key => {
      command        = job.command
      description    = try(job.description, null)
      streaming      = job.command == "stream"
      script         = "${title(job.command)}GlueScript"
      file_arguments = try(job.default_arguments, {})
      loads          = contains(keys(try(job.default_arguments, {})), "--warehouse-url")
      reads_stream   = contains(keys(try(job.default_arguments, {})), "--stream")
      override       = lookup(var.job_overrides, key, null)
    }
  }

  arguments = {
    for key, job in local.settings : key => merge(
      {
        "--job-language"                     = "scala"
        "--class"                            = job.script
        "--extra-jars"                       = "${local.artifact_uri}/${local.jar_name}"
        "--datalake-formats"                 = "delta"
        "--conf"                             = local.delta_conf
        "--enable-metrics"                   = "true"
        "--enable-continuous-cloudwatch-log" = "true"
        "--custom-logGroup-prefix"           = local.log_group_prefix
        "--TempDir"                          = "s3://${var.bucket_names["temp"]}/glue/${key}/"
      },
      { for name, value in job.file_arguments : name => contains(keys(local.aws_values), name) ? local.aws_values[name] : value },
      job.loads ? { "--warehouse-secret" = var.warehouse.secret_arn } : {},
      job.loads && var.warehouse.engine == "redshift" ? {
        "--redshift-staging"  = var.warehouse.redshift_staging_uri
        "--redshift-iam-role" = var.warehouse.redshift_iam_role_arn
      } : {},
      try(job.override.extra_arguments, null) == null ? {} : job.override.extra_arguments,
    )
  }
}

resource "aws_s3_object" "artifact" {
  for_each = local.artifact_files

  bucket = var.bucket_names["scripts"]
  key    = "${local.artifact_key}/${each.value}"
  source = "${var.artifact_dir}/${each.value}"
  # Not etag: with SSE-KMS the ETag S3 returns is not the MD5 of the content.
  source_hash  = filemd5("${var.artifact_dir}/${each.value}")
  content_type = endswith(each.value, ".jar") ? "application/java-archive" : "text/plain; charset=utf-8"

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "jobs" {
  for_each = toset(["output", "error"])

  name              = "${local.log_group_prefix}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_glue_security_configuration" "this" {
  name = "${var.name_prefix}-jobs"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = var.kms_key_arn
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = var.kms_key_arn
    }

    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = var.kms_key_arn
    }
  }
}

resource "aws_glue_job" "this" {
  for_each = local.settings

  name              = "${var.name_prefix}-${each.key}"
  description       = each.value.description
  role_arn          = aws_iam_role.job[each.key].arn
  glue_version      = "5.0"
  worker_type       = coalesce(try(each.value.override.worker_type, null), each.value.streaming ? var.stream_worker_type : var.worker_type)
  number_of_workers = coalesce(try(each.value.override.number_of_workers, null), each.value.streaming ? var.stream_number_of_workers : var.number_of_workers)
  # A streaming job runs until it is stopped.
  timeout                = each.value.streaming ? null : coalesce(try(each.value.override.timeout_minutes, null), var.timeout_minutes)
  max_retries            = coalesce(try(each.value.override.max_retries, null), var.max_retries)
  security_configuration = aws_glue_security_configuration.this.name
  connections            = each.value.loads ? [var.warehouse.connection_name] : null
  default_arguments      = local.arguments[each.key]

  command {
    name            = each.value.streaming ? "gluestreaming" : "glueetl"
    script_location = "${local.artifact_uri}/scripts/${each.value.script}.scala"
  }

  # One run at a time: each Delta table has one writer (docs/glue.md).
  execution_property {
    max_concurrent_runs = 1
  }

  tags = merge(var.tags, { "medallion:job" = each.key, "medallion:command" = each.value.command })

  lifecycle {
    precondition {
      condition     = local.artifact_version != null
      error_message = "No artifact version: ${var.artifact_dir} must hold exactly one medallion-glue-<version>.jar (it has ${length(local.artifact_jars)}). Build it with ./mvnw -B -DskipTests package, or set artifact_version."
    }

    precondition {
      condition     = contains(local.artifact_files, local.jar_name)
      error_message = "${var.artifact_dir} has no ${local.jar_name}. Build the artifact with ./mvnw -B -DskipTests package."
    }

    precondition {
      condition     = contains(local.artifact_files, "scripts/${each.value.script}.scala")
      error_message = "Job ${each.key} (command ${each.value.command}) runs scripts/${each.value.script}.scala, which ${var.artifact_dir} does not have. Build the artifact of a version that has it (./mvnw -B -DskipTests package)."
    }

    precondition {
      condition     = contains(keys(local.access), each.value.command)
      error_message = "Job ${each.key} has command ${each.value.command}, for which this module defines no IAM permissions (it knows ${join(", ", keys(local.access))}). Add them to local.access in modules/glue/iam.tf."
    }
  }

  depends_on = [aws_s3_object.artifact, aws_cloudwatch_log_group.jobs]
}

resource "aws_glue_workflow" "this" {
  name                   = "${var.name_prefix}-${local.workflow.workflow.name}"
  description            = try(local.workflow.workflow.description, null)
  default_run_properties = try(local.workflow.workflow.default_run_properties, {})
  max_concurrent_runs    = try(local.workflow.workflow.max_concurrent_runs, null)

  tags = var.tags

  lifecycle {
    precondition {
      condition     = alltrue([for key in keys(var.job_overrides) : contains(keys(local.workflow.jobs), key)])
      error_message = "job_overrides names jobs that ${var.workflow_file} does not have: ${join(", ", [for key in keys(var.job_overrides) : key if !contains(keys(local.workflow.jobs), key)])}."
    }
  }
}

resource "aws_glue_trigger" "this" {
  for_each = local.triggers

  name          = "${var.name_prefix}-${each.key}"
  description   = try(each.value.description, null)
  type          = each.value.type
  workflow_name = aws_glue_workflow.this.name
  schedule      = each.value.type == "SCHEDULED" ? each.value.schedule : null
  enabled       = each.value.type == "SCHEDULED" ? var.scheduled_triggers_enabled : true
  # Glue refuses start_on_creation on ON_DEMAND triggers.
  start_on_creation = each.value.type == "ON_DEMAND" ? null : (
    each.value.type == "SCHEDULED" && !var.scheduled_triggers_enabled ? false : try(each.value.start_on_creation, null)
  )

  dynamic "predicate" {
    for_each = each.value.type == "CONDITIONAL" ? [each.value.predicate] : []

    content {
      logical = try(predicate.value.logical, null)

      dynamic "conditions" {
        for_each = predicate.value.conditions

        content {
          job_name         = aws_glue_job.this[conditions.value.job_name].name
          state            = conditions.value.state
          logical_operator = try(conditions.value.logical_operator, null)
        }
      }
    }
  }

  dynamic "actions" {
    for_each = each.value.actions

    content {
      job_name = aws_glue_job.this[actions.value.job_name].name
    }
  }

  tags = var.tags
}
