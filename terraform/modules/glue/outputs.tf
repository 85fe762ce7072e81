output "glue_job_names" {
  description = "Glue job name per job of the workflow file."
  value       = { for key, job in aws_glue_job.this : key => job.name }
}

output "glue_job_commands" {
  description = "Medallion command (ingest, curate, load, stream) per job of the workflow file."
  value       = { for key, job in local.settings : key => job.command }
}

output "glue_job_arguments" {
  description = "Default arguments per Glue job, as deployed (no secrets: the warehouse password stays in Secrets Manager)."
  value       = local.arguments
}

output "glue_role_arns" {
  description = "IAM role ARN per job."
  value       = { for key, role in aws_iam_role.job : key => role.arn }
}

output "glue_role_names" {
  description = "IAM role name per job."
  value       = { for key, role in aws_iam_role.job : key => role.name }
}

output "glue_workflow_name" {
  description = "Name of the Glue workflow."
  value       = aws_glue_workflow.this.name
}

output "glue_trigger_names" {
  description = "Glue trigger name per trigger of the workflow file."
  value       = { for key, trigger in aws_glue_trigger.this : key => trigger.name }
}

output "glue_security_configuration_name" {
  description = "Name of the jobs' security configuration."
  value       = aws_glue_security_configuration.this.name
}

output "glue_artifact_version" {
  description = "Version of the uploaded artifact (medallion-glue-<version>.jar)."
  value       = local.artifact_version
}

output "glue_artifact_uri" {
  description = "S3 URI the artifact is uploaded under (<scripts bucket>/<prefix>/<version>)."
  value       = local.artifact_uri
}

output "glue_output_log_group_name" {
  description = "Log group of the jobs' driver output: run summaries and the metric lines the monitoring module's filters read."
  value       = aws_cloudwatch_log_group.jobs["output"].name
}

output "glue_error_log_group_name" {
  description = "Log group of Glue's and Spark's own logs."
  value       = aws_cloudwatch_log_group.jobs["error"].name
}

output "glue_stream_job_name" {
  description = "Name of the streaming job, or null when no stream is deployed."
  value       = try([for key, job in aws_glue_job.this : job.name if local.settings[key].streaming][0], null)
}

output "glue_stream_start_command" {
  description = "How to start the streaming job: no trigger starts it, and it runs until stopped."
  value       = try("aws glue start-job-run --job-name ${[for key, job in aws_glue_job.this : job.name if local.settings[key].streaming][0]}", null)
}

output "glue_workflow_start_command" {
  description = "How to start a workflow run by hand (ingest, then curate, then load)."
  value       = "aws glue start-workflow-run --name ${aws_glue_workflow.this.name}"
}
