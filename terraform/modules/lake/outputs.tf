output "lake_bucket_names" {
  description = "Bucket name per bucket key: raw, cleansed, quarantine, curated, state, landing, scripts, temp, athena-results."
  value       = { for key, bucket in aws_s3_bucket.this : key => bucket.bucket }
}

output "lake_bucket_arns" {
  description = "Bucket ARN per bucket key."
  value       = local.arns
}

output "lake_zones" {
  description = "The zones that hold tables, each in its own bucket <name_prefix>-<zone>."
  value       = local.zones
}

output "lake_uri" {
  description = "The jobs' --lake: s3://<name_prefix>-{zone}, where the jobs replace {zone} with a table's zone, or with state for job state, indexes, run summaries and checkpoints."
  value       = "s3://${var.name_prefix}-{zone}"
}

output "lake_landing_uri" {
  description = "The ingest job's --landing: the landing bucket (subdirectories events/, users/, transactions/)."
  value       = "s3://${aws_s3_bucket.this["landing"].bucket}/"
}

output "lake_versioned_buckets" {
  description = "Keys of the buckets with versioning on."
  value       = sort(keys(aws_s3_bucket_versioning.this))
}
