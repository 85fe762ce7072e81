# modules/lake: every bucket encrypted with the key (SSE-KMS, bucket key), closed to the public,
# TLS only; versioning on raw and state; the lifecycle rules.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name_prefix = "medallion-test"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
}

run "buckets_are_encrypted_private_and_tls_only" {
  command = plan

  module {
    source = "./modules/lake"
  }

  assert {
    condition     = toset(keys(aws_s3_bucket.this)) == toset(["raw", "cleansed", "quarantine", "curated", "state", "landing", "scripts", "temp", "athena-results"])
    error_message = "The lake must have the four zone buckets, state, landing, scripts, temp and athena-results."
  }

  assert {
    condition     = alltrue([for key, bucket in aws_s3_bucket.this : bucket.bucket == "medallion-test-${key}"])
    error_message = "Bucket names must be <name_prefix>-<key>: the jobs address them as s3://<name_prefix>-{zone}."
  }

  assert {
    condition     = output.lake_uri == "s3://medallion-test-{zone}" && output.lake_landing_uri == "s3://medallion-test-landing/"
    error_message = "--lake must be s3://<name_prefix>-{zone} and --landing s3://<name_prefix>-landing/."
  }

  assert {
    condition = alltrue([for key, _ in aws_s3_bucket.this : alltrue([
      for rule in aws_s3_bucket_server_side_encryption_configuration.this[key].rule : (
        rule.bucket_key_enabled == true &&
        one(rule.apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" &&
        one(rule.apply_server_side_encryption_by_default).kms_master_key_id == var.kms_key_arn
      )
    ])])
    error_message = "Every bucket must be encrypted with SSE-KMS under the deployment's key, with an S3 bucket key."
  }

  assert {
    condition     = length(aws_s3_bucket_server_side_encryption_configuration.this) == length(aws_s3_bucket.this)
    error_message = "Every bucket must have an encryption configuration."
  }

  assert {
    condition = alltrue([for key, _ in aws_s3_bucket.this : (
      aws_s3_bucket_public_access_block.this[key].block_public_acls &&
      aws_s3_bucket_public_access_block.this[key].block_public_policy &&
      aws_s3_bucket_public_access_block.this[key].ignore_public_acls &&
      aws_s3_bucket_public_access_block.this[key].restrict_public_buckets
    )])
    error_message = "Every bucket must block public access, all four settings on."
  }

  assert {
    condition = alltrue([for key, _ in aws_s3_bucket.this : anytrue([
      for statement in jsondecode(aws_s3_bucket_policy.this[key].policy).Statement : (
        statement.Effect == "Deny" &&
        statement.Principal == "*" &&
        statement.Action == "s3:*" &&
        try(statement.Condition.Bool["aws:SecureTransport"], "") == "false" &&
        toset(statement.Resource) == toset(["arn:aws:s3:::medallion-test-${key}", "arn:aws:s3:::medallion-test-${key}/*"])
      )
    ])])
    error_message = "Every bucket policy must deny all S3 actions on the bucket and its objects when aws:SecureTransport is false."
  }

  assert {
    condition     = toset(keys(aws_s3_bucket_versioning.this)) == toset(["raw", "state"])
    error_message = "Versioning must be on exactly on raw and state."
  }

  assert {
    condition     = alltrue([for versioning in aws_s3_bucket_versioning.this : one(versioning.versioning_configuration).status == "Enabled"])
    error_message = "Versioning of raw and state must be Enabled."
  }

  assert {
    condition     = alltrue([for key, _ in aws_s3_bucket.this : aws_s3_bucket_ownership_controls.this[key].rule[0].object_ownership == "BucketOwnerEnforced"])
    error_message = "ACLs must be off (BucketOwnerEnforced) on every bucket."
  }
}

run "lifecycle_rules" {
  command = plan

  module {
    source = "./modules/lake"
  }

  variables {
    raw_transition_to_ia_days         = 45
    raw_transition_to_glacier_ir_days = 120
    temp_expiration_days              = 3
    athena_results_expiration_days    = 14
  }

  assert {
    condition = toset([
      for rule in aws_s3_bucket_lifecycle_configuration.this["raw"].rule : [for t in rule.transition : "${t.storage_class}@${t.days}"]
      if rule.id == "raw-to-colder-storage-classes"
    ][0]) == toset(["STANDARD_IA@45", "GLACIER_IR@120"])
    error_message = "raw must move to STANDARD_IA and then GLACIER_IR after the configured days."
  }

  assert {
    condition     = alltrue([for rule in aws_s3_bucket_lifecycle_configuration.this["raw"].rule : rule.status == "Enabled"])
    error_message = "raw's lifecycle rules must be enabled."
  }

  assert {
    condition     = [for rule in aws_s3_bucket_lifecycle_configuration.this["temp"].rule : one(rule.expiration).days if rule.id == "expire-temp"] == [3]
    error_message = "temp must expire its objects after temp_expiration_days."
  }

  assert {
    condition     = [for rule in aws_s3_bucket_lifecycle_configuration.this["athena-results"].rule : one(rule.expiration).days if rule.id == "expire-athena-results"] == [14]
    error_message = "athena-results must expire its objects after athena_results_expiration_days."
  }

  assert {
    condition = alltrue([for key in ["raw", "state"] : anytrue([
      for rule in aws_s3_bucket_lifecycle_configuration.this[key].rule : try(rule.noncurrent_version_expiration[0].noncurrent_days, 0) == 30
    ])])
    error_message = "The versioned buckets must expire noncurrent versions."
  }

  assert {
    condition = alltrue([for key, configuration in aws_s3_bucket_lifecycle_configuration.this : anytrue([
      for rule in configuration.rule : try(rule.abort_incomplete_multipart_upload[0].days_after_initiation, 0) == 7
    ])])
    error_message = "Every bucket must abort incomplete multipart uploads."
  }

  assert {
    condition     = alltrue([for key in ["cleansed", "quarantine", "curated", "landing", "scripts"] : length(aws_s3_bucket_lifecycle_configuration.this[key].rule) == 1])
    error_message = "Only raw, the versioned buckets, temp and athena-results have rules besides the multipart one: nothing else may expire."
  }
}

run "glacier_ir_must_follow_standard_ia_by_30_days" {
  command = plan

  module {
    source = "./modules/lake"
  }

  variables {
    raw_transition_to_ia_days         = 30
    raw_transition_to_glacier_ir_days = 45
  }

  expect_failures = [var.raw_transition_to_glacier_ir_days]
}
