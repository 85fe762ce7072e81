output "lake_bucket_names" {
  description = "The deployment's buckets."
  value       = module.medallion.lake_bucket_names
}

output "lake_uri" {
  description = "The jobs' --lake (s3://<name_prefix>-{zone})."
  value       = module.medallion.lake_uri
}

output "lake_landing_uri" {
  description = "Upload batch files here: events/, users/, transactions/."
  value       = module.medallion.lake_landing_uri
}

output "stream_name" {
  description = "The Kinesis stream to put events into."
  value       = module.medallion.stream_name
}

output "glue_workflow_start_command" {
  description = "Start a workflow run (ingest, curate, load) by hand."
  value       = module.medallion.glue_workflow_start_command
}

output "glue_stream_start_command" {
  description = "Start the streaming job (it runs until stopped)."
  value       = module.medallion.glue_stream_start_command
}

output "glue_job_names" {
  description = "The Glue jobs."
  value       = module.medallion.glue_job_names
}

output "glue_output_log_group_name" {
  description = "Where the run summaries are printed."
  value       = module.medallion.glue_output_log_group_name
}

output "athena_workgroup_name" {
  description = "Query the lake in this Athena workgroup."
  value       = module.medallion.athena_workgroup_name
}

output "warehouse_jdbc_url" {
  description = "The warehouse (private; reachable from the load job's Glue connection)."
  value       = module.medallion.warehouse_jdbc_url
}

output "warehouse_secret_arn" {
  description = "Secret with the warehouse password."
  value       = module.medallion.warehouse_secret_arn
}

output "monitoring_dashboard_name" {
  description = "CloudWatch dashboard of the deployment."
  value       = module.medallion.monitoring_dashboard_name
}

output "quicksight_dashboard_url" {
  description = "The QuickSight dashboard (null unless quicksight_enabled)."
  value       = module.medallion.quicksight_dashboard_url
}
