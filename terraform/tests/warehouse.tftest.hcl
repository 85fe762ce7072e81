# modules/warehouse: either engine plans; passwords managed by the service in Secrets Manager;
# the warehouse admits the Glue connection only; no NAT gateway.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name_prefix           = "medallion-test"
  kms_key_arn           = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  copy_read_bucket_arns = ["arn:aws:s3:::medallion-test-curated", "arn:aws:s3:::medallion-test-temp"]
  staging_bucket_name   = "medallion-test-temp"
}

run "postgres_by_default" {
  command = plan

  module {
    source = "./modules/warehouse"
  }

  assert {
    condition     = length(aws_db_instance.this) == 1 && length(aws_redshiftserverless_namespace.this) == 0 && length(aws_redshiftserverless_workgroup.this) == 0
    error_message = "The default warehouse is one RDS instance and no Redshift."
  }

  assert {
    condition = (
      aws_db_instance.this[0].engine == "postgres" && aws_db_instance.this[0].engine_version == "17" &&
      aws_db_instance.this[0].manage_master_user_password == true &&
      aws_db_instance.this[0].storage_encrypted == true && aws_db_instance.this[0].kms_key_id == var.kms_key_arn &&
      aws_db_instance.this[0].publicly_accessible == false
    )
    error_message = "RDS: PostgreSQL 17, password managed by RDS in Secrets Manager, encrypted with the key, not public."
  }

  assert {
    condition     = output.warehouse_jdbc_url == "jdbc:postgresql://medallion-test-warehouse.abcdefghijkl.eu-west-1.rds.amazonaws.com:5432/medallion?user=medallion&sslmode=require"
    error_message = "The load job's URL is jdbc:postgresql://HOST:5432/DB?user=U, TLS required, no password."
  }

  assert {
    condition     = output.warehouse_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-test"
    error_message = "The secret is the one RDS manages."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.warehouse_from_glue.referenced_security_group_id == aws_security_group.glue.id &&
      aws_vpc_security_group_ingress_rule.warehouse_from_glue.from_port == 5432 && aws_vpc_security_group_ingress_rule.warehouse_from_glue.to_port == 5432 &&
      aws_vpc_security_group_ingress_rule.warehouse_from_glue.cidr_ipv4 == null
    )
    error_message = "The warehouse admits the Glue connection's security group on 5432 and nothing else."
  }

  assert {
    condition = (
      aws_glue_connection.this.connection_type == "NETWORK" &&
      one(aws_glue_connection.this.physical_connection_requirements).subnet_id == aws_subnet.private[0].id &&
      one(aws_glue_connection.this.physical_connection_requirements).availability_zone == "eu-west-1a"
    )
    error_message = "The load job's Glue connection is a NETWORK connection in the first private subnet."
  }

  assert {
    condition     = length(aws_subnet.private) == 3 && alltrue([for subnet in aws_subnet.private : subnet.map_public_ip_on_launch == false])
    error_message = "Three private subnets, no public IPs."
  }

  assert {
    condition     = one(aws_vpc_endpoint.s3).vpc_endpoint_type == "Gateway" && toset(keys(aws_vpc_endpoint.interface)) == toset(["secretsmanager", "glue", "logs", "monitoring", "kms"])
    error_message = "S3 through a gateway endpoint, the load job's other AWS APIs through interface endpoints (no NAT gateway)."
  }
}

run "redshift_serverless" {
  command = plan

  module {
    source = "./modules/warehouse"
  }

  variables {
    engine = "redshift"
  }

  assert {
    condition     = length(aws_redshiftserverless_namespace.this) == 1 && length(aws_redshiftserverless_workgroup.this) == 1 && length(aws_db_instance.this) == 0
    error_message = "engine = redshift gives a Redshift Serverless namespace and workgroup and no RDS instance."
  }

  assert {
    condition = (
      aws_redshiftserverless_namespace.this[0].manage_admin_password == true &&
      aws_redshiftserverless_namespace.this[0].kms_key_id == var.kms_key_arn &&
      aws_redshiftserverless_namespace.this[0].iam_roles == toset([aws_iam_role.redshift_copy[0].arn]) &&
      aws_redshiftserverless_workgroup.this[0].publicly_accessible == false &&
      aws_redshiftserverless_workgroup.this[0].enhanced_vpc_routing == true &&
      aws_redshiftserverless_workgroup.this[0].base_capacity == 8
    )
    error_message = "Redshift: admin password managed in Secrets Manager, encrypted, the COPY role associated, private, enhanced VPC routing."
  }

  assert {
    condition = alltrue(flatten([for statement in jsondecode(aws_iam_role_policy.redshift_copy[0].policy).Statement : [
      for resource in statement.Resource : contains(concat(var.copy_read_bucket_arns, [for arn in var.copy_read_bucket_arns : "${arn}/*"], [var.kms_key_arn]), resource)
    ]])) && alltrue([for statement in jsondecode(aws_iam_role_policy.redshift_copy[0].policy).Statement : alltrue([for action in statement.Action : contains(["s3:ListBucket", "s3:GetBucketLocation", "s3:GetObject", "kms:Decrypt", "kms:DescribeKey"], action)])])
    error_message = "The COPY role reads the curated and temp buckets and decrypts with the key, nothing more."
  }

  assert {
    condition     = startswith(output.warehouse_jdbc_url, "jdbc:redshift://medallion-test.123456789012.eu-west-1.redshift-serverless.amazonaws.com:5439/medallion?user=medallion")
    error_message = "The load job's URL is jdbc:redshift://HOST:5439/DB?user=U."
  }

  assert {
    condition     = output.warehouse_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!medallion-test" && output.warehouse_redshift_staging_uri == "s3://medallion-test-temp/redshift-staging"
    error_message = "The secret is the one Redshift manages; COPY stages in the temp bucket."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.warehouse_from_glue.from_port == 5439 && aws_vpc_security_group_ingress_rule.warehouse_from_glue.referenced_security_group_id == aws_security_group.glue.id
    error_message = "Redshift admits the Glue connection on 5439 only."
  }
}

run "existing_vpc" {
  command = plan

  module {
    source = "./modules/warehouse"
  }

  variables {
    vpc_id     = "vpc-0123456789abcdef0"
    subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  }

  assert {
    condition     = length(aws_vpc.this) == 0 && length(aws_vpc_endpoint.interface) == 0 && aws_db_subnet_group.this[0].subnet_ids == toset(var.subnet_ids)
    error_message = "With a VPC of yours nothing network-wide is created, and the warehouse uses your subnets."
  }

  assert {
    condition     = one(aws_glue_connection.this.physical_connection_requirements).subnet_id == "subnet-0aaaaaaaaaaaaaaaa" && one(aws_glue_connection.this.physical_connection_requirements).availability_zone == "eu-west-1b"
    error_message = "The Glue connection is in the first given subnet, in its Availability Zone."
  }
}

run "unknown_engine_is_refused" {
  command = plan

  module {
    source = "./modules/warehouse"
  }

  variables {
    engine = "mysql"
  }

  expect_failures = [var.engine]
}
