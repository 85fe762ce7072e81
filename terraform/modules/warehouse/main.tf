# The warehouse the load job fills (schema analytics): Redshift Serverless or RDS for PostgreSQL,
# in private subnets that only the load job's Glue connection can reach.

data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  create_vpc = var.vpc_id == null
  redshift   = var.engine == "redshift"
  postgres   = var.engine == "postgres"
  port       = local.redshift ? 5439 : 5432
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  vpc_id     = local.create_vpc ? aws_vpc.this[0].id : var.vpc_id
  subnet_ids = local.create_vpc ? aws_subnet.private[*].id : var.subnet_ids

  # The Glue connection runs the load job's driver and executors in one subnet.
  glue_subnet_id = local.subnet_ids[0]
  glue_subnet_az = local.create_vpc ? aws_subnet.private[0].availability_zone : data.aws_subnet.glue[0].availability_zone

  staging_uri = "s3://${var.staging_bucket_name}/redshift-staging"
}

# ---------------------------------------------------------------------------------------------
# Network: private subnets, no internet gateway and no NAT gateway. S3 is reached through a
# gateway endpoint (free), the other AWS APIs the load job calls through interface endpoints.

data "aws_availability_zones" "available" {
  count = local.create_vpc ? 1 : 0

  state = "available"
}

data "aws_subnet" "glue" {
  count = local.create_vpc ? 0 : 1

  id = var.subnet_ids[0]
}

resource "aws_vpc" "this" {
  count = local.create_vpc ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true # private DNS names of the interface endpoints

  tags = merge(var.tags, { Name = "${var.name_prefix}-warehouse" })
}

resource "aws_subnet" "private" {
  count = local.create_vpc ? var.availability_zone_count : 0

  vpc_id                  = aws_vpc.this[0].id
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index)
  availability_zone       = data.aws_availability_zones.available[0].names[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = "${var.name_prefix}-private-${count.index}" })

  lifecycle {
    precondition {
      condition     = length(data.aws_availability_zones.available[0].names) >= var.availability_zone_count
      error_message = "The region has ${length(data.aws_availability_zones.available[0].names)} Availability Zones available; availability_zone_count is ${var.availability_zone_count}."
    }
  }
}

resource "aws_route_table" "private" {
  count = local.create_vpc ? 1 : 0

  vpc_id = aws_vpc.this[0].id

  tags = merge(var.tags, { Name = "${var.name_prefix}-private" })
}

resource "aws_route_table_association" "private" {
  count = local.create_vpc ? var.availability_zone_count : 0

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[0].id
}

resource "aws_vpc_endpoint" "s3" {
  count = local.create_vpc ? 1 : 0

  vpc_id            = aws_vpc.this[0].id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private[0].id]

  tags = merge(var.tags, { Name = "${var.name_prefix}-s3" })
}

resource "aws_vpc_endpoint" "interface" {
  for_each = local.create_vpc ? toset(var.interface_endpoints) : toset([])

  vpc_id              = aws_vpc.this[0].id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [local.glue_subnet_id]
  security_group_ids  = [aws_security_group.endpoints[0].id]
  private_dns_enabled = true

  tags = merge(var.tags, { Name = "${var.name_prefix}-${each.key}" })
}

# ---------------------------------------------------------------------------------------------
# Security groups: the warehouse admits the Glue connection only.

resource "aws_security_group" "glue" {
  name        = "${var.name_prefix}-glue-connection"
  description = "Glue connection of the load job: its own workers, the warehouse, AWS APIs"
  vpc_id      = local.vpc_id

  tags = merge(var.tags, { Name = "${var.name_prefix}-glue-connection" })
}

resource "aws_security_group" "warehouse" {
  name        = "${var.name_prefix}-warehouse"
  description = "Warehouse: reachable from the load job's Glue connection only"
  vpc_id      = local.vpc_id

  tags = merge(var.tags, { Name = "${var.name_prefix}-warehouse" })
}

resource "aws_security_group" "endpoints" {
  count = local.create_vpc ? 1 : 0

  name        = "${var.name_prefix}-endpoints"
  description = "Interface VPC endpoints: HTTPS from the load job's Glue connection"
  vpc_id      = local.vpc_id

  tags = merge(var.tags, { Name = "${var.name_prefix}-endpoints" })
}

# Glue requires a self-referencing rule: the job's driver and executors talk to each other.
resource "aws_vpc_security_group_ingress_rule" "glue_self" {
  security_group_id            = aws_security_group.glue.id
  referenced_security_group_id = aws_security_group.glue.id
  ip_protocol                  = "tcp"
  from_port                    = 0
  to_port                      = 65535
  description                  = "Glue workers of the same job"
}

resource "aws_vpc_security_group_egress_rule" "glue_self" {
  security_group_id            = aws_security_group.glue.id
  referenced_security_group_id = aws_security_group.glue.id
  ip_protocol                  = "tcp"
  from_port                    = 0
  to_port                      = 65535
  description                  = "Glue workers of the same job"
}

resource "aws_vpc_security_group_egress_rule" "glue_to_warehouse" {
  security_group_id            = aws_security_group.glue.id
  referenced_security_group_id = aws_security_group.warehouse.id
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  description                  = "The warehouse"
}

resource "aws_vpc_security_group_egress_rule" "glue_to_endpoints" {
  count = local.create_vpc ? 1 : 0

  security_group_id            = aws_security_group.glue.id
  referenced_security_group_id = aws_security_group.endpoints[0].id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  description                  = "AWS APIs through the interface endpoints"
}

resource "aws_vpc_security_group_egress_rule" "glue_to_s3" {
  count = local.create_vpc ? 1 : 0

  security_group_id = aws_security_group.glue.id
  prefix_list_id    = aws_vpc_endpoint.s3[0].prefix_list_id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "S3 through the gateway endpoint"
}

# In a VPC of yours, HTTPS goes wherever its routes lead (your endpoints or NAT gateway).
resource "aws_vpc_security_group_egress_rule" "glue_https" {
  count = local.create_vpc ? 0 : 1

  security_group_id = aws_security_group.glue.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "AWS APIs through the VPC's own endpoints or NAT gateway"
}

resource "aws_vpc_security_group_ingress_rule" "warehouse_from_glue" {
  security_group_id            = aws_security_group.warehouse.id
  referenced_security_group_id = aws_security_group.glue.id
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  description                  = "The load job's Glue connection"
}

# Redshift's COPY reads the staged Parquet from S3 through the VPC (enhanced VPC routing).
resource "aws_vpc_security_group_egress_rule" "warehouse_to_s3" {
  count = local.redshift ? 1 : 0

  security_group_id = aws_security_group.warehouse.id
  prefix_list_id    = local.create_vpc ? aws_vpc_endpoint.s3[0].prefix_list_id : null
  cidr_ipv4         = local.create_vpc ? null : "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "S3, for COPY"
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_glue" {
  count = local.create_vpc ? 1 : 0

  security_group_id            = aws_security_group.endpoints[0].id
  referenced_security_group_id = aws_security_group.glue.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  description                  = "HTTPS from the load job's Glue connection"
}

resource "aws_glue_connection" "this" {
  name            = "${var.name_prefix}-warehouse"
  description     = "Network of the ${var.engine} warehouse, for the load job"
  connection_type = "NETWORK"

  physical_connection_requirements {
    availability_zone      = local.glue_subnet_az
    security_group_id_list = [aws_security_group.glue.id]
    subnet_id              = local.glue_subnet_id
  }

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------
# Redshift Serverless

resource "aws_iam_role" "redshift_copy" {
  count = local.redshift ? 1 : 0

  name        = "${var.name_prefix}-redshift-copy"
  description = "Redshift COPY of the Parquet the load job stages"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"] }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "redshift_copy" {
  count = local.redshift ? 1 : 0

  name = "read-staged-parquet"
  role = aws_iam_role.redshift_copy[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ListTheBuckets"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
        Resource = var.copy_read_bucket_arns
      },
      {
        Sid      = "ReadTheObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = [for arn in var.copy_read_bucket_arns : "${arn}/*"]
      },
      {
        Sid      = "DecryptThem"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:DescribeKey"]
        Resource = [var.kms_key_arn]
      },
    ]
  })
}

resource "aws_redshiftserverless_namespace" "this" {
  count = local.redshift ? 1 : 0

  namespace_name                   = var.name_prefix
  db_name                          = var.database_name
  admin_username                   = var.admin_username
  manage_admin_password            = true
  admin_password_secret_kms_key_id = var.kms_key_arn
  kms_key_id                       = var.kms_key_arn
  iam_roles                        = [aws_iam_role.redshift_copy[0].arn]
  default_iam_role_arn             = aws_iam_role.redshift_copy[0].arn
  log_exports                      = ["connectionlog", "userlog"]

  tags = var.tags
}

resource "aws_redshiftserverless_workgroup" "this" {
  count = local.redshift ? 1 : 0

  namespace_name       = aws_redshiftserverless_namespace.this[0].namespace_name
  workgroup_name       = var.name_prefix
  base_capacity        = var.redshift_base_capacity
  max_capacity         = var.redshift_max_capacity
  subnet_ids           = local.subnet_ids
  security_group_ids   = [aws_security_group.warehouse.id]
  publicly_accessible  = false
  enhanced_vpc_routing = true
  port                 = local.port

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------
# RDS for PostgreSQL

resource "aws_db_subnet_group" "this" {
  count = local.postgres ? 1 : 0

  name        = "${var.name_prefix}-warehouse"
  description = "Private subnets of the ${var.name_prefix} warehouse"
  subnet_ids  = local.subnet_ids

  tags = var.tags
}

resource "aws_db_instance" "this" {
  count = local.postgres ? 1 : 0

  identifier                    = "${var.name_prefix}-warehouse"
  engine                        = "postgres"
  engine_version                = var.postgres_engine_version
  instance_class                = var.postgres_instance_class
  allocated_storage             = var.postgres_allocated_storage_gb
  max_allocated_storage         = 5 * var.postgres_allocated_storage_gb
  storage_type                  = "gp3"
  storage_encrypted             = true
  kms_key_id                    = var.kms_key_arn
  db_name                       = var.database_name
  username                      = var.admin_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn
  port                          = local.port
  db_subnet_group_name          = aws_db_subnet_group.this[0].name
  vpc_security_group_ids        = [aws_security_group.warehouse.id]
  publicly_accessible           = false
  multi_az                      = var.postgres_multi_az
  backup_retention_period       = var.backup_retention_days
  deletion_protection           = var.deletion_protection
  skip_final_snapshot           = !var.final_snapshot
  final_snapshot_identifier     = var.final_snapshot ? "${var.name_prefix}-warehouse-final" : null
  copy_tags_to_snapshot         = true
  auto_minor_version_upgrade    = true

  tags = var.tags
}
