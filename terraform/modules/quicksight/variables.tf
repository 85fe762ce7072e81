variable "name_prefix" {
  description = "Prefix of every name: the data source <name_prefix>-athena, the datasets <name_prefix>-<query>, the dashboard <name_prefix>, the IAM policy <name_prefix>-quicksight-athena."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix: 3 to 48 characters, lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "queries_dir" {
  description = "Directory of the questions (athena/queries): each <name>.sql becomes a dataset and a sheet of the dashboard. Every file needs an entry in questions.tf (its output columns)."
  type        = string
}

variable "database_names" {
  description = "Glue database name per zone (catalog module output catalog_database_names). The queries name their tables zone.table; where a database carries a prefix, the datasets' SQL names it instead."
  type        = map(string)

  validation {
    condition     = toset(keys(var.database_names)) == toset(["raw", "cleansed", "quarantine", "curated"])
    error_message = "database_names must have exactly the zones raw, cleansed, quarantine and curated as keys."
  }

  validation {
    condition     = alltrue([for name in values(var.database_names) : can(regex("^[a-z][a-z0-9_]{0,254}$", name))])
    error_message = "database_names: Glue database names of lower-case letters, digits and underscores, starting with a letter."
  }
}

variable "table_locations" {
  description = "S3 location per Glue table, by <zone>.<table> (catalog module output catalog_table_locations): QuickSight may read the files of the tables the queries read, and nothing else of the lake."
  type        = map(string)

  validation {
    condition     = alltrue([for location in values(var.table_locations) : can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[^*]+$", location))])
    error_message = "table_locations: each location must be s3://<bucket>/<path>."
  }
}

variable "athena_workgroup_name" {
  description = "The Athena workgroup the data source runs its queries in (catalog module output athena_workgroup_name); it is enforced, so its result location and encryption apply."
  type        = string
}

variable "athena_results_bucket_arn" {
  description = "ARN of the bucket the workgroup writes query results to (QuickSight reads and writes it)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.athena_results_bucket_arn))
    error_message = "athena_results_bucket_arn must be an S3 bucket ARN (arn:aws:s3:::<bucket>)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the deployment's KMS key: the lake's objects and the Athena results are encrypted with it (SSE-KMS)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "owner_arns" {
  description = "QuickSight users or groups (ARNs, arn:aws:quicksight:<identity region>:<account>:user/<namespace>/<name> or .../group/<namespace>/<name>) that own the data source, the datasets and the dashboard: they can use, change, share and delete them. At least one."
  type        = list(string)

  validation {
    condition     = length(var.owner_arns) >= 1
    error_message = "owner_arns: give at least one QuickSight user or group ARN, or nobody could open the dashboard (aws quicksight list-users --aws-account-id <account> --namespace default lists the users' ARNs)."
  }

  validation {
    condition     = alltrue([for arn in var.owner_arns : can(regex("^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:[0-9]{12}:(user|group)/[A-Za-z0-9._-]+/.+$", arn))])
    error_message = "owner_arns: each must be a QuickSight user or group ARN, arn:aws:quicksight:<identity region>:<account>:user/<namespace>/<user name> (or group/<namespace>/<group name>)."
  }
}

variable "viewer_arns" {
  description = "QuickSight users or groups (ARNs) that may only view the dashboard. A principal is an owner or a viewer, not both."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.viewer_arns : can(regex("^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:[0-9]{12}:(user|group)/[A-Za-z0-9._-]+/.+$", arn))])
    error_message = "viewer_arns: each must be a QuickSight user or group ARN, arn:aws:quicksight:<identity region>:<account>:user/<namespace>/<user name> (or group/<namespace>/<group name>)."
  }

  validation {
    condition     = length(setintersection(toset(var.viewer_arns), toset(var.owner_arns))) == 0
    error_message = "viewer_arns: a principal is either an owner or a viewer; remove the owners from viewer_arns."
  }

  validation {
    condition     = length(distinct(concat(var.owner_arns, var.viewer_arns))) <= 64
    error_message = "owner_arns and viewer_arns: at most 64 principals in all (QuickSight's limit per resource); share with QuickSight groups instead of single users."
  }
}

variable "service_role_name" {
  description = "The IAM role QuickSight uses to reach AWS resources in this account: aws-quicksight-service-role-v0, which QuickSight creates on subscription, unless the QuickSight administrator chose another role. The module attaches its Athena, Glue, S3 and KMS policy to it."
  type        = string
  default     = "aws-quicksight-service-role-v0"

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.service_role_name))
    error_message = "service_role_name must be an IAM role name (1 to 64 letters, digits and +=,.@_-), not an ARN."
  }
}

variable "import_mode" {
  description = "DIRECT_QUERY (each dashboard view runs the queries in Athena: always current, billed per scan) or SPICE (QuickSight keeps a copy, refreshed every spice_refresh_interval: fast views, SPICE capacity)."
  type        = string
  default     = "DIRECT_QUERY"

  validation {
    condition     = contains(["DIRECT_QUERY", "SPICE"], var.import_mode)
    error_message = "import_mode must be DIRECT_QUERY or SPICE."
  }
}

variable "spice_refresh_interval" {
  description = "How often a SPICE dataset is refreshed in full from Athena (import_mode SPICE only): HOURLY or DAILY (QuickSight refreshes more often only incrementally)."
  type        = string
  default     = "HOURLY"

  validation {
    condition     = contains(["HOURLY", "DAILY"], var.spice_refresh_interval)
    error_message = "spice_refresh_interval must be HOURLY or DAILY."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
