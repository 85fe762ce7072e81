# The Kinesis data stream the stream job reads: JSON events, one per record (DESIGN section 2).

resource "aws_kinesis_stream" "this" {
  name             = var.name
  shard_count      = var.stream_mode == "PROVISIONED" ? var.shard_count : null
  retention_period = var.retention_hours
  encryption_type  = "KMS"
  kms_key_id       = var.kms_key_arn

  # Lets terraform destroy remove the stream even if an enhanced fan-out consumer is registered.
  enforce_consumer_deletion = true

  stream_mode_details {
    stream_mode = var.stream_mode
  }

  tags = var.tags
}
