# modules/monitoring: failed Glue runs to SNS, metric filters on the jobs' metric lines, the
# alarms (quarantine ratio, warehouse-load failure, Kinesis iterator age), an encrypted topic.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name_prefix = "medallion-test"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  glue_job_names = {
    ingest = "medallion-test-ingest"
    curate = "medallion-test-curate"
    load   = "medallion-test-load"
    stream = "medallion-test-stream"
  }
  glue_job_commands = {
    ingest = "ingest"
    curate = "curate"
    load   = "load"
    stream = "stream"
  }
  output_log_group_name     = "/aws-glue/jobs/medallion-test/output"
  stream_name               = "medallion-test-events"
  iterator_age_threshold_ms = 120000
}

run "failed_runs_and_alarms_reach_the_topic" {
  command = plan

  module {
    source = "./modules/monitoring"
  }

  assert {
    condition     = aws_sns_topic.alarms.kms_master_key_id == var.kms_key_arn
    error_message = "The topic must be encrypted with the deployment's key."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0
    error_message = "Without alarm_email nobody is subscribed."
  }

  assert {
    condition = (
      jsondecode(aws_cloudwatch_event_rule.job_failed.event_pattern).source == ["aws.glue"] &&
      jsondecode(aws_cloudwatch_event_rule.job_failed.event_pattern)["detail-type"] == ["Glue Job State Change"] &&
      toset(jsondecode(aws_cloudwatch_event_rule.job_failed.event_pattern).detail.state) == toset(["FAILED", "TIMEOUT", "ERROR"]) &&
      toset(jsondecode(aws_cloudwatch_event_rule.job_failed.event_pattern).detail.jobName) == toset(values(var.glue_job_names))
    )
    error_message = "The EventBridge rule must match FAILED, TIMEOUT and ERROR state changes of this deployment's jobs only."
  }

  assert {
    condition     = aws_cloudwatch_event_target.job_failed.arn == aws_sns_topic.alarms.arn
    error_message = "Failed runs go to the topic."
  }

  assert {
    condition = (
      aws_cloudwatch_log_metric_filter.job["ingest-QuarantineRatio"].log_group_name == var.output_log_group_name &&
      aws_cloudwatch_log_metric_filter.job["ingest-QuarantineRatio"].pattern == "{ ($.Job = \"ingest\") && ($.QuarantineRatio >= 0) }" &&
      one(aws_cloudwatch_log_metric_filter.job["ingest-QuarantineRatio"].metric_transformation).value == "$.QuarantineRatio" &&
      one(aws_cloudwatch_log_metric_filter.job["load-RunFailed"].metric_transformation).value == "$.RunFailed" &&
      one(aws_cloudwatch_log_metric_filter.job["stream-ProcessedRowsPerSecond"].metric_transformation).namespace == "Medallion/medallion-test"
    )
    error_message = "Metric filters turn the jobs' metric lines (Job, QuarantineRatio, RunFailed, the stream's batch metrics) into metrics."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.iterator_age[0].metric_name == "GetRecords.IteratorAgeMilliseconds" &&
      aws_cloudwatch_metric_alarm.iterator_age[0].namespace == "AWS/Kinesis" &&
      aws_cloudwatch_metric_alarm.iterator_age[0].threshold == 120000 &&
      aws_cloudwatch_metric_alarm.iterator_age[0].dimensions["StreamName"] == "medallion-test-events"
    )
    error_message = "The iterator age alarm watches the stream at the configured threshold."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.quarantine_ratio["ingest"].metric_name == "QuarantineRatio" && aws_cloudwatch_metric_alarm.quarantine_ratio["ingest"].threshold == 0.05
    error_message = "The ingest quarantine ratio alarm fires above 5% by default."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.load_failed["load"].metric_name == "RunFailed" && aws_cloudwatch_metric_alarm.load_failed["load"].dimensions["Job"] == "load"
    error_message = "A failed warehouse load raises an alarm."
  }

  assert {
    condition = alltrue(flatten([for alarms in [aws_cloudwatch_metric_alarm.quarantine_ratio, aws_cloudwatch_metric_alarm.load_failed] : [
      for alarm in alarms : alarm.alarm_actions == toset([aws_sns_topic.alarms.arn])
    ]])) && aws_cloudwatch_metric_alarm.iterator_age[0].alarm_actions == toset([aws_sns_topic.alarms.arn])
    error_message = "Every alarm notifies the topic."
  }
}

run "email_and_no_stream" {
  command = plan

  module {
    source = "./modules/monitoring"
  }

  variables {
    alarm_email       = "oncall@example.com"
    stream_name       = null
    glue_job_names    = { ingest = "medallion-test-ingest", curate = "medallion-test-curate", load = "medallion-test-load" }
    glue_job_commands = { ingest = "ingest", curate = "curate", load = "load" }
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 1 && aws_sns_topic_subscription.email[0].endpoint == "oncall@example.com"
    error_message = "alarm_email is subscribed."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.iterator_age) == 0 && length(aws_cloudwatch_metric_alarm.stream_quarantine_ratio) == 0 && !contains(keys(aws_cloudwatch_log_metric_filter.job), "stream-InputRows")
    error_message = "Without a stream there is no stream alarm or filter."
  }
}
