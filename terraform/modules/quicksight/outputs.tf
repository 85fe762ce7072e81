output "quicksight_data_source_arn" {
  description = "ARN of the Athena data source (in the deployment's workgroup)."
  value       = aws_quicksight_data_source.athena.arn
}

output "quicksight_data_set_ids" {
  description = "Dataset id per question (athena/queries/<name>.sql)."
  value       = { for name, data_set in aws_quicksight_data_set.this : name => data_set.data_set_id }
}

output "quicksight_data_set_arns" {
  description = "Dataset ARN per question."
  value       = { for name, data_set in aws_quicksight_data_set.this : name => data_set.arn }
}

output "quicksight_dashboard_id" {
  description = "Id of the dashboard (one sheet per question)."
  value       = aws_quicksight_dashboard.this.dashboard_id
}

output "quicksight_dashboard_url" {
  description = "Where the owners and viewers open the dashboard (after signing in to QuickSight)."
  value       = "https://${local.region}.quicksight.aws.amazon.com/sn/dashboards/${aws_quicksight_dashboard.this.dashboard_id}"
}

output "quicksight_tables_read" {
  description = "The Glue tables (<zone>.<table>) the questions read: all that the QuickSight policy lets QuickSight read of the lake."
  value       = sort(keys(local.tables))
}

output "quicksight_policy_arn" {
  description = "ARN of the IAM policy attached to QuickSight's service role."
  value       = aws_iam_policy.quicksight.arn
}
