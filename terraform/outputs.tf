output "kms_key_arn" {
  description = "ARN of the deployment's KMS key."
  value       = module.kms.kms_key_arn
}

output "lake_bucket_names" {
  description = "Bucket name per bucket key (raw, cleansed, quarantine, curated, state, landing, scripts, temp, athena-results)."
  value       = module.lake.lake_bucket_names
}

output "lake_uri" {
  description = "The jobs' --lake (s3://<name_prefix>-{zone}); give it to bin/medallion too, e.g. bookmarks show --lake."
  value       = module.lake.lake_uri
}

output "lake_landing_uri" {
  description = "Where batch input files go: events/, users/, transactions/ under it."
  value       = module.lake.lake_landing_uri
}

output "stream_name" {
  description = "Name of the Kinesis stream (null when stream_enabled is false)."
  value       = var.stream_enabled ? module.stream[0].stream_name : null
}

output "stream_arn" {
  description = "ARN of the Kinesis stream (null when stream_enabled is false)."
  value       = var.stream_enabled ? module.stream[0].stream_arn : null
}

output "glue_job_names" {
  description = "Glue job name per job of the workflow file."
  value       = module.glue.glue_job_names
}

output "glue_job_arguments" {
  description = "Default arguments of each Glue job as deployed."
  value       = module.glue.glue_job_arguments
}

output "glue_role_arns" {
  description = "IAM role per Glue job."
  value       = module.glue.glue_role_arns
}

output "glue_workflow_name" {
  description = "Name of the Glue workflow (ingest, then curate, then load)."
  value       = module.glue.glue_workflow_name
}

output "glue_trigger_names" {
  description = "Glue trigger name per trigger of the workflow file."
  value       = module.glue.glue_trigger_names
}

output "glue_artifact_version" {
  description = "Version of the uploaded Glue artifact."
  value       = module.glue.glue_artifact_version
}

output "glue_artifact_uri" {
  description = "Where the Glue artifact is in S3."
  value       = module.glue.glue_artifact_uri
}

output "glue_output_log_group_name" {
  description = "Log group of the jobs' output (run summaries, metric lines)."
  value       = module.glue.glue_output_log_group_name
}

output "glue_workflow_start_command" {
  description = "Start a workflow run by hand."
  value       = module.glue.glue_workflow_start_command
}

output "glue_stream_start_command" {
  description = "Start the streaming job (no trigger starts it; it runs until stopped with aws glue batch-stop-job-run). Null when stream_enabled is false."
  value       = module.glue.glue_stream_start_command
}

output "catalog_database_names" {
  description = "Glue database per zone."
  value       = module.catalog.catalog_database_names
}

output "catalog_table_names" {
  description = "The Glue tables (<database>.<table>)."
  value       = module.catalog.catalog_table_names
}

output "athena_workgroup_name" {
  description = "Athena workgroup to query in (engine version 3)."
  value       = module.catalog.athena_workgroup_name
}

output "athena_named_query_names" {
  description = "Saved Athena queries (one per athena/queries/*.sql)."
  value       = module.catalog.athena_named_query_names
}

output "warehouse_engine" {
  description = "redshift or postgres."
  value       = module.warehouse.warehouse_engine
}

output "warehouse_jdbc_url" {
  description = "The load job's --warehouse-url (no password)."
  value       = module.warehouse.warehouse_jdbc_url
}

output "warehouse_secret_arn" {
  description = "Secrets Manager secret with the warehouse password (the load job's --warehouse-secret)."
  value       = module.warehouse.warehouse_secret_arn
}

output "warehouse_glue_connection_name" {
  description = "Glue connection of the load job."
  value       = module.warehouse.warehouse_glue_connection_name
}

output "warehouse_vpc_id" {
  description = "VPC of the warehouse."
  value       = module.warehouse.warehouse_vpc_id
}

output "monitoring_topic_arn" {
  description = "SNS topic of alarms and failed job runs."
  value       = module.monitoring.monitoring_topic_arn
}

output "monitoring_alarm_names" {
  description = "CloudWatch alarms."
  value       = module.monitoring.monitoring_alarm_names
}

output "monitoring_dashboard_name" {
  description = "CloudWatch dashboard."
  value       = module.monitoring.monitoring_dashboard_name
}

output "quicksight_dashboard_id" {
  description = "Id of the QuickSight dashboard (null when quicksight_enabled is false)."
  value       = var.quicksight_enabled ? module.quicksight[0].quicksight_dashboard_id : null
}

output "quicksight_dashboard_url" {
  description = "Where to open the QuickSight dashboard (null when quicksight_enabled is false)."
  value       = var.quicksight_enabled ? module.quicksight[0].quicksight_dashboard_url : null
}

output "quicksight_data_source_arn" {
  description = "The QuickSight Athena data source (null when quicksight_enabled is false)."
  value       = var.quicksight_enabled ? module.quicksight[0].quicksight_data_source_arn : null
}

output "quicksight_data_set_ids" {
  description = "QuickSight dataset id per Athena query (empty when quicksight_enabled is false)."
  value       = var.quicksight_enabled ? module.quicksight[0].quicksight_data_set_ids : {}
}

output "quicksight_policy_arn" {
  description = "The IAM policy attached to QuickSight's service role (null when quicksight_enabled is false)."
  value       = var.quicksight_enabled ? module.quicksight[0].quicksight_policy_arn : null
}
