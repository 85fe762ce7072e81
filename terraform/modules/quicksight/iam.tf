# What QuickSight may do to answer the questions, attached to the role QuickSight uses for AWS
# resources (aws-quicksight-service-role-v0 unless the QuickSight administrator chose another; the
# Athena data source of provider 5.x cannot name a role of its own). Only this deployment's
# workgroup, the Glue tables and S3 files the queries read, the workgroup's results, and the key
# through S3.

data "aws_iam_role" "quicksight" {
  name = var.service_role_name
}

locals {
  # Every table any question reads, with where its files are: s3://<bucket>/<path>.
  tables = {
    for table in sort(distinct(flatten(values(local.tables_read)))) : table => {
      zone     = split(".", table)[0]
      name     = split(".", table)[1]
      database = var.database_names[split(".", table)[0]]
      bucket   = try(split("/", trimprefix(var.table_locations[table], "s3://"))[0], "unknown")
      path     = try(join("/", slice(split("/", trimprefix(var.table_locations[table], "s3://")), 1, length(split("/", trimprefix(var.table_locations[table], "s3://"))))), table)
    }
  }
  # Per zone read: its bucket and the tables' paths in it, the only prefixes QuickSight may list.
  zones_read = {
    for zone in sort(distinct([for table in values(local.tables) : table.zone])) : zone => {
      bucket = [for table in values(local.tables) : table.bucket if table.zone == zone][0]
      paths  = sort(distinct([for table in values(local.tables) : table.path if table.zone == zone]))
    }
  }

  workgroup_arn   = "arn:${local.partition}:athena:${local.region}:${local.account_id}:workgroup/${var.athena_workgroup_name}"
  data_catalog    = "arn:${local.partition}:athena:${local.region}:${local.account_id}:datacatalog/AwsDataCatalog"
  glue_arn_prefix = "arn:${local.partition}:glue:${local.region}:${local.account_id}"

  athena_query_actions = [
    "athena:StartQueryExecution",
    "athena:StopQueryExecution",
    "athena:GetQueryExecution",
    "athena:BatchGetQueryExecution",
    "athena:GetQueryResults",
    "athena:GetQueryResultsStream",
    "athena:ListQueryExecutions",
    "athena:GetWorkGroup",
  ]
  athena_catalog_actions = [
    "athena:GetDataCatalog",
    "athena:GetDatabase",
    "athena:ListDatabases",
    "athena:GetTableMetadata",
    "athena:ListTableMetadata",
  ]
  glue_read_actions = [
    "glue:GetDatabase",
    "glue:GetDatabases",
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
  ]

  policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "RunQueriesInTheWorkgroup"
          Effect   = "Allow"
          Action   = local.athena_query_actions
          Resource = [local.workgroup_arn]
        },
        {
          Sid      = "ReadTheDataCatalogThroughAthena"
          Effect   = "Allow"
          Action   = local.athena_catalog_actions
          Resource = [local.data_catalog]
        },
        {
          Sid    = "ReadTheTablesOfTheQueries"
          Effect = "Allow"
          Action = local.glue_read_actions
          Resource = concat(
            ["${local.glue_arn_prefix}:catalog"],
            [for database in sort(distinct([for table in values(local.tables) : table.database])) : "${local.glue_arn_prefix}:database/${database}"],
            [for table in values(local.tables) : "${local.glue_arn_prefix}:table/${table.database}/${table.name}"],
          )
        },
        {
          Sid      = "LocateTheBuckets"
          Effect   = "Allow"
          Action   = ["s3:GetBucketLocation"]
          Resource = concat(distinct([for zone in values(local.zones_read) : "arn:${local.partition}:s3:::${zone.bucket}"]), [var.athena_results_bucket_arn])
        },
      ],
      [
        for zone, read in local.zones_read : {
          Sid       = "ListTheTablesIn${title(zone)}"
          Effect    = "Allow"
          Action    = ["s3:ListBucket"]
          Resource  = ["arn:${local.partition}:s3:::${read.bucket}"]
          Condition = { StringLike = { "s3:prefix" = flatten([for path in read.paths : [path, "${path}/*"]]) } }
        }
      ],
      [
        {
          Sid      = "ReadTheFilesOfTheTables"
          Effect   = "Allow"
          Action   = ["s3:GetObject"]
          Resource = [for table in values(local.tables) : "arn:${local.partition}:s3:::${table.bucket}/${table.path}/*"]
        },
        {
          Sid      = "ListTheResults"
          Effect   = "Allow"
          Action   = ["s3:ListBucket", "s3:ListBucketMultipartUploads"]
          Resource = [var.athena_results_bucket_arn]
        },
        {
          Sid      = "ReadAndWriteTheResults"
          Effect   = "Allow"
          Action   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
          Resource = ["${var.athena_results_bucket_arn}/*"]
        },
        {
          Sid       = "UseTheDeploymentKeyThroughS3"
          Effect    = "Allow"
          Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
          Resource  = [var.kms_key_arn]
          Condition = { StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" } }
        },
      ],
    )
  }
}

resource "aws_iam_policy" "quicksight" {
  name        = "${var.name_prefix}-quicksight-athena"
  description = "QuickSight (${var.service_role_name}): query Medallion ${var.name_prefix} in Athena workgroup ${var.athena_workgroup_name}: the tables of athena/queries, the results, the key"
  policy      = jsonencode(local.policy)

  tags = var.tags

  lifecycle {
    precondition {
      condition     = length("${var.name_prefix}-quicksight-athena") <= 128
      error_message = "The policy name ${var.name_prefix}-quicksight-athena is longer than IAM's 128 characters."
    }
  }
}

resource "aws_iam_role_policy_attachment" "quicksight" {
  role       = data.aws_iam_role.quicksight.name
  policy_arn = aws_iam_policy.quicksight.arn
}
