output "monitoring_topic_arn" {
  description = "ARN of the SNS topic alarms and failed job runs are sent to."
  value       = aws_sns_topic.alarms.arn
}

output "monitoring_event_rule_name" {
  description = "EventBridge rule on the jobs' FAILED, TIMEOUT and ERROR runs."
  value       = aws_cloudwatch_event_rule.job_failed.name
}

output "monitoring_metric_namespace" {
  description = "CloudWatch namespace of the metrics taken from the jobs' metric lines."
  value       = local.namespace
}

output "monitoring_metric_filter_names" {
  description = "Metric filters on the jobs' output log group."
  value       = sort([for filter in aws_cloudwatch_log_metric_filter.job : filter.name])
}

output "monitoring_alarm_names" {
  description = "Names of the CloudWatch alarms."
  value = sort(concat(
    [for alarm in aws_cloudwatch_metric_alarm.quarantine_ratio : alarm.alarm_name],
    [for alarm in aws_cloudwatch_metric_alarm.stream_quarantine_ratio : alarm.alarm_name],
    [for alarm in aws_cloudwatch_metric_alarm.load_failed : alarm.alarm_name],
    [for alarm in aws_cloudwatch_metric_alarm.iterator_age : alarm.alarm_name],
  ))
}

output "monitoring_dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
