# Values the mocked AWS provider returns for computed attributes the assertions read (with
# override_during = plan in the test files, already at plan time).

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/test"
    user_id    = "AIDATEST"
  }
}

mock_data "aws_region" {
  defaults = {
    name     = "eu-west-1"
    endpoint = "ec2.eu-west-1.amazonaws.com"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition          = "aws"
    dns_suffix         = "amazonaws.com"
    reverse_dns_prefix = "com.amazonaws"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    zone_ids = ["euw1-az1", "euw1-az2", "euw1-az3"]
  }
}

mock_data "aws_subnet" {
  defaults = {
    availability_zone = "eu-west-1b"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
    key_id = "00000000-0000-0000-0000-000000000000"
  }
}

mock_resource "aws_kinesis_stream" {
  defaults = {
    arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/medallion-test-events"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/medallion-test"
  }
}

mock_resource "aws_db_instance" {
  defaults = {
    address = "medallion-test-warehouse.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-test"
      kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
      secret_status = "active"
    }]
  }
}

mock_resource "aws_redshiftserverless_namespace" {
  defaults = {
    admin_password_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!medallion-test"
  }
}

mock_resource "aws_redshiftserverless_workgroup" {
  defaults = {
    endpoint = [{
      address      = "medallion-test.123456789012.eu-west-1.redshift-serverless.amazonaws.com"
      port         = 5439
      vpc_endpoint = []
    }]
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:medallion-test-alarms"
  }
}

mock_resource "aws_cloudwatch_event_rule" {
  defaults = {
    arn = "arn:aws:events:eu-west-1:123456789012:rule/medallion-test-glue-job-failed"
  }
}

mock_resource "aws_vpc_endpoint" {
  defaults = {
    prefix_list_id = "pl-6da54004"
  }
}

mock_resource "aws_vpc" {}
mock_resource "aws_subnet" {}
mock_resource "aws_security_group" {}
mock_resource "aws_route_table" {}
mock_resource "aws_s3_bucket" {}
mock_resource "aws_glue_job" {}
mock_resource "aws_glue_workflow" {}
mock_resource "aws_glue_connection" {}
mock_resource "aws_glue_catalog_database" {}
mock_resource "aws_glue_catalog_table" {}
mock_resource "aws_glue_security_configuration" {}
mock_resource "aws_athena_workgroup" {}
mock_resource "aws_cloudwatch_log_group" {}

mock_data "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/service-role/aws-quicksight-service-role-v0"
  }
}

mock_resource "aws_iam_policy" {
  defaults = {
    arn = "arn:aws:iam::123456789012:policy/medallion-test-quicksight-athena"
  }
}

mock_resource "aws_quicksight_data_source" {
  defaults = {
    arn = "arn:aws:quicksight:eu-west-1:123456789012:datasource/medallion-test-athena"
  }
}

# Every dataset gets this ARN (the provider checks the dashboard's data_set_arn is one).
mock_resource "aws_quicksight_data_set" {
  defaults = {
    arn = "arn:aws:quicksight:eu-west-1:123456789012:dataset/medallion-test-mock"
  }
}
mock_resource "aws_quicksight_dashboard" {}
mock_resource "aws_quicksight_refresh_schedule" {}
