# One IAM role per job, allowed only what that job touches.

locals {
  # The buckets each Medallion job (a job's command) reads and writes. "state" holds what is not a
  # table: job state, the uuid index, run summaries and streaming checkpoints.
  access = {
    ingest = { read = ["landing"], write = ["raw", "cleansed", "quarantine", "state"] }
    curate = { read = ["cleansed"], write = ["curated", "state"] }
    load   = { read = ["curated"], write = ["state"] }
    stream = { read = [], write = ["raw", "cleansed", "quarantine", "state"] }
    # Compacts and vacuums every table, merges the uuid index; reads curate's bookmark and the
    # load's run summaries (in state) to keep what they have not read.
    maintenance = { read = [], write = ["raw", "cleansed", "quarantine", "curated", "state"] }
  }

  no_access = { read = [], write = [] }

  bucket_actions       = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
  object_read_actions  = ["s3:GetObject"]
  object_write_actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]

  kinesis_read_actions = [
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:ListShards",
    "kinesis:SubscribeToShard",
  ]

  # Glue creates the network interfaces of a job with a NETWORK connection in the job's role.
  network_actions = [
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcs",
    "ec2:DescribeVpcAttribute",
    "ec2:DescribeVpcEndpoints",
    "ec2:DescribeRouteTables",
    "ec2:CreateTags",
    "ec2:DeleteTags",
  ]

  policies = {
    for key, job in local.settings : key => {
      Version = "2012-10-17"
      Statement = concat(
        [
          {
            Sid      = "ListItsBuckets"
            Effect   = "Allow"
            Action   = local.bucket_actions
            Resource = [for bucket in distinct(concat(["scripts", "temp"], lookup(local.access, job.command, local.no_access).read, lookup(local.access, job.command, local.no_access).write)) : var.bucket_arns[bucket]]
          },
          {
            Sid      = "ReadTheArtifactAndItsInputs"
            Effect   = "Allow"
            Action   = local.object_read_actions
            Resource = concat(["${var.bucket_arns["scripts"]}/${var.artifact_prefix}/*"], [for bucket in lookup(local.access, job.command, local.no_access).read : "${var.bucket_arns[bucket]}/*"])
          },
          {
            Sid      = "WriteItsZonesStateAndTemp"
            Effect   = "Allow"
            Action   = local.object_write_actions
            Resource = concat(["${var.bucket_arns["temp"]}/*"], [for bucket in lookup(local.access, job.command, local.no_access).write : "${var.bucket_arns[bucket]}/*"])
          },
          {
            Sid      = "UseTheDeploymentKey"
            Effect   = "Allow"
            Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"]
            Resource = [var.kms_key_arn]
          },
          {
            Sid      = "WriteGlueLogs"
            Effect   = "Allow"
            Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:AssociateKmsKey"]
            Resource = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws-glue/*"]
          },
          {
            Sid      = "PutJobMetrics"
            Effect   = "Allow"
            Action   = ["cloudwatch:PutMetricData"]
            Resource = ["*"]
            Condition = {
              StringEquals = { "cloudwatch:namespace" = ["Glue", "Medallion"] }
            }
          },
          {
            Sid      = "ItsOwnJobAndBookmark"
            Effect   = "Allow"
            Action   = ["glue:GetJob", "glue:GetJobBookmark"]
            Resource = ["arn:${local.partition}:glue:${local.region}:${local.account_id}:job/${var.name_prefix}-${key}"]
          },
        ],
        job.reads_stream ? [
          {
            Sid      = "ReadTheOneStream"
            Effect   = "Allow"
            Action   = local.kinesis_read_actions
            Resource = [var.stream_arn, "${var.stream_arn}/consumer/*"]
          },
        ] : [],
        job.loads ? [
          {
            Sid      = "ReadTheWarehouseSecret"
            Effect   = "Allow"
            Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
            Resource = [var.warehouse.secret_arn]
          },
          {
            Sid      = "ReadItsConnection"
            Effect   = "Allow"
            Action   = ["glue:GetConnection"]
            Resource = ["arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog", "arn:${local.partition}:glue:${local.region}:${local.account_id}:connection/${var.warehouse.connection_name}"]
          },
          {
            Sid      = "RunInTheWarehouseNetwork"
            Effect   = "Allow"
            Action   = local.network_actions
            Resource = ["*"]
          },
        ] : [],
      )
    }
  }
}

resource "aws_iam_role" "job" {
  for_each = local.settings

  name        = "${var.name_prefix}-glue-${each.key}"
  description = "Glue job ${var.name_prefix}-${each.key} (Medallion ${each.value.command})"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "glue.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = merge(var.tags, { "medallion:job" = each.key })

  lifecycle {
    precondition {
      condition     = length("${var.name_prefix}-glue-${each.key}") <= 64
      error_message = "The role name ${var.name_prefix}-glue-${each.key} is longer than IAM's 64 characters: shorten name_prefix or the job's key."
    }
  }
}

resource "aws_iam_role_policy" "job" {
  for_each = local.settings

  name   = "medallion-${each.value.command}"
  role   = aws_iam_role.job[each.key].id
  policy = jsonencode(local.policies[each.key])
}
