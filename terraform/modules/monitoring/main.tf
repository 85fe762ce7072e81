# Failures and health of the jobs, to an SNS topic: Glue job state changes (EventBridge), the
# jobs' own metrics (quarantine ratio, warehouse-load failure, stream progress) and the stream's
# iterator age (CloudWatch alarms), and a dashboard.
#
# The jobs print CloudWatch Embedded Metric Format lines to their driver's stdout, e.g.
#   {"_aws":{...,"CloudWatchMetrics":[{"Namespace":"Medallion","Dimensions":[["Job"]],...}]},
#    "Job":"ingest","RecordsRead":100,"RecordsQuarantined":3,"QuarantineRatio":0.03,"RunFailed":0}
# Glue sends stdout to the output log group; metric filters there turn the lines into metrics in
# the namespace Medallion/<name_prefix>, with the dimension Job (ingest, curate, load, stream).

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  namespace  = "Medallion/${var.name_prefix}"

  commands      = toset(values(var.glue_job_commands))
  with_stream   = var.stream_name != null && contains(local.commands, "stream")
  batch_jobs    = { for key, command in var.glue_job_commands : key => command if command != "stream" }
  ingest_jobs   = { for key, command in var.glue_job_commands : key => command if command == "ingest" }
  load_jobs     = { for key, command in var.glue_job_commands : key => command if contains(var.warehouse_jobs, key) }
  stream_job    = [for key, command in var.glue_job_commands : key if command == "stream"]
  stream_period = 300
  stream_label  = coalesce(var.stream_name, "none")

  # Every job's metrics, and the stream job's per micro-batch metrics, with their units.
  job_metrics = {
    RecordsRead        = "Count"
    RecordsQuarantined = "Count"
    QuarantineRatio    = "None"
    RunFailed          = "Count"
  }
  stream_metrics = {
    InputRows              = "Count"
    ProcessedRowsPerSecond = "Count/Second"
    BatchDurationMs        = "Milliseconds"
    LateRows               = "Count"
    Duplicates             = "Count"
    StateRows              = "Count"
    Quarantined            = "Count"
  }

  metric_filters = merge(
    { for pair in setproduct(local.commands, keys(local.job_metrics)) : "${pair[0]}-${pair[1]}" => {
      job = pair[0], metric = pair[1], unit = local.job_metrics[pair[1]]
    } },
    { for metric, unit in local.stream_metrics : "stream-${metric}" => {
      job = "stream", metric = metric, unit = unit
    } if local.with_stream },
  )
}

# ---------------------------------------------------------------------------------------------
# The alarm topic

resource "aws_sns_topic" "alarms" {
  name              = "${var.name_prefix}-alarms"
  kms_master_key_id = var.kms_key_arn

  tags = var.tags
}

resource "aws_sns_topic_policy" "alarms" {
  arn = aws_sns_topic.alarms.arn

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountManagesTheTopic"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"]
        Resource  = aws_sns_topic.alarms.arn
      },
      {
        Sid       = "GlueJobFailuresFromEventBridge"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alarms.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.job_failed.arn } }
      },
      {
        Sid       = "AlarmsOfThisAccount"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alarms.arn
        Condition = { ArnLike = { "aws:SourceArn" = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:*" } }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alarms.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# ---------------------------------------------------------------------------------------------
# Glue job runs that end badly

resource "aws_cloudwatch_event_rule" "job_failed" {
  name        = "${var.name_prefix}-glue-job-failed"
  description = "A ${var.name_prefix} Glue job run ended FAILED, TIMEOUT or ERROR"

  event_pattern = jsonencode({
    source        = ["aws.glue"]
    "detail-type" = ["Glue Job State Change"]
    detail = {
      jobName = sort(values(var.glue_job_names))
      state   = ["FAILED", "TIMEOUT", "ERROR"]
    }
  })

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "job_failed" {
  rule      = aws_cloudwatch_event_rule.job_failed.name
  target_id = "alarm-topic"
  arn       = aws_sns_topic.alarms.arn

  input_transformer {
    input_paths = {
      job     = "$.detail.jobName"
      run     = "$.detail.jobRunId"
      state   = "$.detail.state"
      message = "$.detail.message"
    }
    input_template = "\"Glue job <job> run <run> ended <state>: <message>\""
  }
}

# ---------------------------------------------------------------------------------------------
# The jobs' metrics, from their metric lines

resource "aws_cloudwatch_log_metric_filter" "job" {
  for_each = local.metric_filters

  name           = "${var.name_prefix}-${each.key}"
  log_group_name = var.output_log_group_name
  pattern        = "{ ($.Job = \"${each.value.job}\") && ($.${each.value.metric} >= 0) }"

  metric_transformation {
    name       = each.value.metric
    namespace  = local.namespace
    value      = "$.${each.value.metric}"
    unit       = each.value.unit
    dimensions = { Job = "$.Job" }
  }
}

resource "aws_cloudwatch_metric_alarm" "quarantine_ratio" {
  for_each = local.ingest_jobs

  alarm_name          = "${var.name_prefix}-${each.key}-quarantine-ratio"
  alarm_description   = "A ${each.key} run quarantined more than ${var.quarantine_ratio_threshold * 100}% of the records it read: look at quarantine.records (reasons) for the run."
  namespace           = local.namespace
  metric_name         = "QuarantineRatio"
  dimensions          = { Job = each.value }
  statistic           = "Maximum"
  period              = 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.quarantine_ratio_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = var.tags

  depends_on = [aws_cloudwatch_log_metric_filter.job]
}

resource "aws_cloudwatch_metric_alarm" "stream_quarantine_ratio" {
  count = local.with_stream ? 1 : 0

  alarm_name          = "${var.name_prefix}-stream-quarantine-ratio"
  alarm_description   = "The stream job quarantined more than ${var.quarantine_ratio_threshold * 100}% of the rows it read in 5 minutes."
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.quarantine_ratio_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "ratio"
    expression  = "IF(input > 0, quarantined / input, 0)"
    label       = "Quarantined share of the rows read"
    return_data = true
  }

  metric_query {
    id = "quarantined"

    metric {
      namespace   = local.namespace
      metric_name = "Quarantined"
      dimensions  = { Job = "stream" }
      stat        = "Sum"
      period      = local.stream_period
    }
  }

  metric_query {
    id = "input"

    metric {
      namespace   = local.namespace
      metric_name = "InputRows"
      dimensions  = { Job = "stream" }
      stat        = "Sum"
      period      = local.stream_period
    }
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_metric_filter.job]
}

resource "aws_cloudwatch_metric_alarm" "load_failed" {
  for_each = local.load_jobs

  alarm_name          = "${var.name_prefix}-${each.key}-failed"
  alarm_description   = "A warehouse load (${each.key}) failed: the warehouse keeps what it had; the next load catches up. See the job's output log."
  namespace           = local.namespace
  metric_name         = "RunFailed"
  dimensions          = { Job = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = var.tags

  depends_on = [aws_cloudwatch_log_metric_filter.job]
}

resource "aws_cloudwatch_metric_alarm" "iterator_age" {
  count = var.stream_name == null ? 0 : 1

  alarm_name          = "${var.name_prefix}-stream-iterator-age"
  alarm_description   = "The oldest unread record of ${var.stream_name} is older than ${var.iterator_age_threshold_ms} ms: the stream job is behind, or not running."
  namespace           = "AWS/Kinesis"
  metric_name         = "GetRecords.IteratorAgeMilliseconds"
  dimensions          = { StreamName = var.stream_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.iterator_age_threshold_ms
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------
# Dashboard

locals {
  widgets = concat(
    [
      {
        type = "metric", width = 12, height = 6
        properties = {
          title   = "Records read per run (batch jobs)", region = local.region, view = "timeSeries", stat = "Sum", period = 3600
          metrics = [for key, command in local.batch_jobs : [local.namespace, "RecordsRead", "Job", command]]
        }
      },
      {
        type = "metric", width = 12, height = 6
        properties = {
          title   = "Quarantine ratio (max per hour)", region = local.region, view = "timeSeries", stat = "Maximum", period = 3600
          metrics = [for command in sort(tolist(local.commands)) : [local.namespace, "QuarantineRatio", "Job", command]]
          annotations = {
            horizontal = [{ label = "alarm", value = var.quarantine_ratio_threshold }]
          }
        }
      },
      {
        type = "metric", width = 12, height = 6
        properties = {
          title   = "Glue job run time (ms)", region = local.region, view = "timeSeries", stat = "Maximum", period = 3600
          metrics = [for key, name in var.glue_job_names : ["Glue", "glue.driver.aggregate.elapsedTime", "JobName", name, "JobRunId", "ALL", "Type", "count"] if contains(keys(local.batch_jobs), key)]
        }
      },
      {
        type = "metric", width = 12, height = 6
        properties = {
          title   = "Failed runs (RunFailed)", region = local.region, view = "timeSeries", stat = "Maximum", period = 300
          metrics = [for command in sort(tolist(local.commands)) : [local.namespace, "RunFailed", "Job", command]]
        }
      },
    ],
    [for widget in [
      {
        type = "metric", width = 12, height = 6
        properties = {
          title = "Kinesis ${local.stream_label}: incoming", region = local.region, view = "timeSeries", stat = "Sum", period = 60
          metrics = [
            ["AWS/Kinesis", "IncomingRecords", "StreamName", local.stream_label],
            ["AWS/Kinesis", "IncomingBytes", "StreamName", local.stream_label, { yAxis = "right" }],
          ]
        }
      },
      {
        type = "metric", width = 12, height = 6
        properties = {
          title   = "Kinesis ${local.stream_label}: iterator age (ms)", region = local.region, view = "timeSeries", stat = "Maximum", period = 60
          metrics = [["AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", "StreamName", local.stream_label]]
          annotations = {
            horizontal = [{ label = "alarm", value = var.iterator_age_threshold_ms }]
          }
        }
      },
    ] : widget if var.stream_name != null],
    [for widget in [
      {
        type = "metric", width = 12, height = 6
        properties = {
          title = "Stream job: rows per second and rows read", region = local.region, view = "timeSeries", period = 60
          metrics = [
            [local.namespace, "ProcessedRowsPerSecond", "Job", "stream", { stat = "Average" }],
            [local.namespace, "InputRows", "Job", "stream", { stat = "Sum", yAxis = "right" }],
          ]
        }
      },
      {
        type = "metric", width = 12, height = 6
        properties = {
          title = "Stream job: micro-batch duration (ms)", region = local.region, view = "timeSeries", period = 60
          metrics = [
            [local.namespace, "BatchDurationMs", "Job", "stream", { stat = "Average" }],
            [local.namespace, "BatchDurationMs", "Job", "stream", { stat = "Maximum" }],
          ]
        }
      },
      {
        type = "metric", width = 24, height = 6
        properties = {
          title = "Stream job: late rows, duplicates, quarantined, state rows", region = local.region, view = "timeSeries", stat = "Sum", period = 300
          metrics = [
            [local.namespace, "LateRows", "Job", "stream"],
            [local.namespace, "Duplicates", "Job", "stream"],
            [local.namespace, "Quarantined", "Job", "stream"],
            [local.namespace, "StateRows", "Job", "stream", { stat = "Maximum", yAxis = "right" }],
          ]
        }
      },
    ] : widget if local.with_stream],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name_prefix
  dashboard_body = jsonencode({ widgets = local.widgets })
}
