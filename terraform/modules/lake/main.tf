# The buckets of one deployment. The jobs address the zones as s3://<name_prefix>-{zone}: {zone} is
# a table's zone (raw, cleansed, quarantine, curated) or "state" for what is not a table (job state
# _state/, the uuid index _index/, run summaries _runs/, streaming checkpoints _checkpoints/); a
# table lives at s3://<name_prefix>-<zone>/<table name>.

data "aws_partition" "current" {}

locals {
  zones = ["raw", "cleansed", "quarantine", "curated"]

  # purpose: what the bucket holds; versioned: keep replaced and deleted versions (raw holds what
  # was received and cannot be rebuilt; state holds bookmarks and checkpoints).
  buckets = {
    raw              = { versioned = true, purpose = "zone raw: every record as received (Delta)" }
    cleansed         = { versioned = false, purpose = "zone cleansed: valid, deduplicated records (Delta)" }
    quarantine       = { versioned = false, purpose = "zone quarantine: rejected records and their reasons (Delta)" }
    curated          = { versioned = false, purpose = "zone curated: enriched events and daily metrics (Delta)" }
    state            = { versioned = true, purpose = "job state, uuid index, run summaries, streaming checkpoints" }
    landing          = { versioned = false, purpose = "batch input files: events/, users/, transactions/" }
    scripts          = { versioned = false, purpose = "Glue artifact: medallion-glue jar and scripts" }
    temp             = { versioned = false, purpose = "Glue --TempDir and Redshift COPY staging" }
    "athena-results" = { versioned = false, purpose = "Athena query results" }
  }

  names = { for key, _ in local.buckets : key => "${var.name_prefix}-${key}" }
  arns  = { for key, name in local.names : key => "arn:${data.aws_partition.current.partition}:s3:::${name}" }

  # Lifecycle rules per bucket: every bucket drops the parts of unfinished multipart uploads; raw
  # moves to colder classes; the versioned buckets drop old versions and leftover delete markers;
  # temp and Athena results expire.
  rule_defaults = {
    abort_multipart = false
    transitions     = []
    expiration_days = null
    delete_markers  = false
    noncurrent_days = null
  }

  lifecycle_rules = {
    for key, bucket in local.buckets : key => concat(
      [merge(local.rule_defaults, { id = "abort-incomplete-multipart-uploads", abort_multipart = true })],
      [for rule in [merge(local.rule_defaults, {
        id = "raw-to-colder-storage-classes"
        transitions = [
          { days = var.raw_transition_to_ia_days, storage_class = "STANDARD_IA" },
          { days = var.raw_transition_to_glacier_ir_days, storage_class = "GLACIER_IR" },
        ]
      })] : rule if key == "raw"],
      [for rule in [merge(local.rule_defaults, {
        id              = "expire-noncurrent-versions"
        delete_markers  = true
        noncurrent_days = var.noncurrent_version_expiration_days
      })] : rule if bucket.versioned],
      [for rule in [merge(local.rule_defaults, { id = "expire-temp", expiration_days = var.temp_expiration_days })] : rule if key == "temp"],
      [for rule in [merge(local.rule_defaults, { id = "expire-athena-results", expiration_days = var.athena_results_expiration_days })] : rule if key == "athena-results"],
    )
  }
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket        = local.names[each.key]
  force_destroy = var.force_destroy

  tags = merge(var.tags, { "medallion:bucket" = each.key, "medallion:purpose" = each.value.purpose })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = { for key, bucket in local.buckets : key => bucket if bucket.versioned }

  bucket = aws_s3_bucket.this[each.key].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  dynamic "rule" {
    for_each = local.lifecycle_rules[each.key]

    content {
      id     = rule.value.id
      status = "Enabled"

      filter {}

      dynamic "abort_incomplete_multipart_upload" {
        for_each = rule.value.abort_multipart ? [var.abort_incomplete_multipart_upload_days] : []

        content {
          days_after_initiation = abort_incomplete_multipart_upload.value
        }
      }

      dynamic "transition" {
        for_each = rule.value.transitions

        content {
          days          = transition.value.days
          storage_class = transition.value.storage_class
        }
      }

      dynamic "expiration" {
        for_each = rule.value.expiration_days == null ? [] : [rule.value.expiration_days]

        content {
          days = expiration.value
        }
      }

      dynamic "expiration" {
        for_each = rule.value.delete_markers ? [true] : []

        content {
          expired_object_delete_marker = true
        }
      }

      dynamic "noncurrent_version_expiration" {
        for_each = rule.value.noncurrent_days == null ? [] : [rule.value.noncurrent_days]

        content {
          noncurrent_days = noncurrent_version_expiration.value
        }
      }
    }
  }

  # Lifecycle rules of a versioned bucket apply once versioning is on.
  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_policy" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.arns[each.key], "${local.arns[each.key]}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyTlsBelow12"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.arns[each.key], "${local.arns[each.key]}/*"]
        Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
      },
    ]
  })

  # A bucket policy is put after the public access block, so S3 never sees both change at once.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
