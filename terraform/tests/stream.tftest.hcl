# modules/stream: on-demand by default, provisioned with a shard count when asked, KMS-encrypted.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name        = "medallion-test-events"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
}

run "on_demand_by_default" {
  command = plan

  module {
    source = "./modules/stream"
  }

  assert {
    condition     = one(aws_kinesis_stream.this.stream_mode_details).stream_mode == "ON_DEMAND"
    error_message = "The stream must be ON_DEMAND by default."
  }

  assert {
    condition     = aws_kinesis_stream.this.shard_count == null
    error_message = "An ON_DEMAND stream has no shard count."
  }

  assert {
    condition     = aws_kinesis_stream.this.encryption_type == "KMS" && aws_kinesis_stream.this.kms_key_id == var.kms_key_arn
    error_message = "The stream must be encrypted with the deployment's KMS key."
  }

  assert {
    condition     = aws_kinesis_stream.this.retention_period == 24
    error_message = "Retention must default to 24 hours."
  }
}

run "provisioned_with_shards" {
  command = plan

  module {
    source = "./modules/stream"
  }

  variables {
    stream_mode     = "PROVISIONED"
    shard_count     = 4
    retention_hours = 72
  }

  assert {
    condition     = one(aws_kinesis_stream.this.stream_mode_details).stream_mode == "PROVISIONED" && aws_kinesis_stream.this.shard_count == 4
    error_message = "A PROVISIONED stream must have the shard count asked for."
  }

  assert {
    condition     = aws_kinesis_stream.this.retention_period == 72
    error_message = "retention_hours must set the retention."
  }

  assert {
    condition     = aws_kinesis_stream.this.encryption_type == "KMS"
    error_message = "A provisioned stream is KMS-encrypted too."
  }
}

run "provisioned_needs_a_shard_count" {
  command = plan

  module {
    source = "./modules/stream"
  }

  variables {
    stream_mode = "PROVISIONED"
  }

  expect_failures = [var.shard_count]
}

run "on_demand_refuses_a_shard_count" {
  command = plan

  module {
    source = "./modules/stream"
  }

  variables {
    shard_count = 2
  }

  expect_failures = [var.shard_count]
}
