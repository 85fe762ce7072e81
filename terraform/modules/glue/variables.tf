variable "name_prefix" {
  description = "Prefix of every resource name: Glue jobs are <name_prefix>-<job>, triggers <name_prefix>-<trigger>, the workflow <name_prefix>-<workflow name>."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix: 3 to 48 characters, lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "workflow_file" {
  description = "Path of the workflow definition (workflow/medallion.json): its jobs, their default arguments and the triggers become the Glue jobs, triggers and workflow."
  type        = string
}

variable "artifact_dir" {
  description = "Directory of the Glue artifact Maven builds (glue-scripts/target/glue-artifact): medallion-glue-<version>.jar and scripts/<Job>GlueScript.scala. Every file in it is uploaded."
  type        = string
}

variable "artifact_version" {
  description = "Version of the artifact, the <version> of medallion-glue-<version>.jar; null takes it from the one jar in artifact_dir."
  type        = string
  default     = null

  validation {
    condition     = var.artifact_version == null || can(regex("^[A-Za-z0-9._-]+$", var.artifact_version))
    error_message = "artifact_version: letters, digits, periods, underscores and hyphens (e.g. 0.1.0-SNAPSHOT), or null."
  }
}

variable "artifact_prefix" {
  description = "Key prefix of the artifact in the scripts bucket: objects go to <artifact_prefix>/<version>/<path in artifact_dir>."
  type        = string
  default     = "medallion"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$", var.artifact_prefix))
    error_message = "artifact_prefix: path segments of letters, digits, periods, underscores and hyphens, no leading or trailing slash."
  }
}

variable "bucket_names" {
  description = "Bucket names from the lake module, by key: raw, cleansed, quarantine, curated, state, landing, scripts, temp."
  type        = map(string)

  validation {
    condition     = alltrue([for key in ["raw", "cleansed", "quarantine", "curated", "state", "landing", "scripts", "temp"] : contains(keys(var.bucket_names), key)])
    error_message = "bucket_names must have the keys raw, cleansed, quarantine, curated, state, landing, scripts and temp."
  }
}

variable "bucket_arns" {
  description = "Bucket ARNs from the lake module, by the same keys as bucket_names."
  type        = map(string)
}

variable "lake_uri" {
  description = "The jobs' --lake, s3://<name_prefix>-{zone}: the jobs put a table's zone, or state, in place of {zone}."
  type        = string

  validation {
    condition     = can(regex("^s3://.*\\{zone\\}", var.lake_uri))
    error_message = "lake_uri must be an s3:// URI with the literal {zone} in it."
  }
}

variable "landing_uri" {
  description = "The ingest job's --landing: s3://<landing bucket>/."
  type        = string
}

variable "kms_key_arn" {
  description = "ARN of the deployment's KMS key: the security configuration encrypts S3 writes, logs and bookmarks with it, and every job role may use it."
  type        = string
}

variable "stream_name" {
  description = "Name of the Kinesis stream; replaces --stream of the workflow file's jobs. Null when the stream is not deployed: the jobs with --stream are left out then."
  type        = string
  default     = null
}

variable "stream_arn" {
  description = "ARN of the Kinesis stream; the only stream the stream job's role may read."
  type        = string
  default     = null
}

variable "warehouse" {
  description = "The warehouse the jobs with --warehouse-url load: its JDBC URL (replaces --warehouse-url), the Secrets Manager secret with the password (--warehouse-secret), the Glue NETWORK connection the job runs in, and for Redshift the COPY role and staging URI (--redshift-iam-role, --redshift-staging; null for PostgreSQL)."
  type = object({
    engine                = string
    jdbc_url              = string
    secret_arn            = string
    connection_name       = string
    redshift_iam_role_arn = optional(string)
    redshift_staging_uri  = optional(string)
  })

  validation {
    condition     = contains(["redshift", "postgres"], var.warehouse.engine)
    error_message = "warehouse.engine must be redshift or postgres."
  }
}

variable "worker_type" {
  description = "Glue worker type of the batch jobs (G.1X: 4 vCPU, 16 GB, 1 DPU; G.2X: 8 vCPU, 32 GB, 2 DPU; ...)."
  type        = string
  default     = "G.1X"

  validation {
    condition     = can(regex("^[GR]\\.(1|2|4|8|12|16)X$", var.worker_type))
    error_message = "worker_type must be a Glue Spark worker type such as G.1X, G.2X, G.4X or G.8X (G.025X is for streaming jobs only)."
  }
}

variable "number_of_workers" {
  description = "Workers of each batch job (at least 2: one driver, one executor)."
  type        = number
  default     = 2

  validation {
    condition     = var.number_of_workers >= 2 && floor(var.number_of_workers) == var.number_of_workers
    error_message = "number_of_workers must be a whole number of at least 2."
  }
}

variable "stream_worker_type" {
  description = "Glue worker type of the streaming job; G.025X (2 vCPU, 4 GB, 0.25 DPU) is the small worker Glue offers to streaming jobs only."
  type        = string
  default     = "G.025X"

  validation {
    condition     = contains(["G.025X", "G.1X", "G.2X", "G.4X", "G.8X"], var.stream_worker_type)
    error_message = "stream_worker_type must be G.025X, G.1X, G.2X, G.4X or G.8X."
  }
}

variable "stream_number_of_workers" {
  description = "Workers of the streaming job (at least 2)."
  type        = number
  default     = 2

  validation {
    condition     = var.stream_number_of_workers >= 2 && floor(var.stream_number_of_workers) == var.stream_number_of_workers
    error_message = "stream_number_of_workers must be a whole number of at least 2."
  }
}

variable "timeout_minutes" {
  description = "Minutes after which a batch job run is stopped (status TIMEOUT). The streaming job has no timeout of its own."
  type        = number
  default     = 60

  validation {
    condition     = var.timeout_minutes >= 1 && var.timeout_minutes <= 10080 && floor(var.timeout_minutes) == var.timeout_minutes
    error_message = "timeout_minutes must be a whole number between 1 and 10080."
  }
}

variable "max_retries" {
  description = "Times Glue retries a failed batch job run. Safe: a failed run is done again from its plan by the next one."
  type        = number
  default     = 0

  validation {
    condition     = var.max_retries >= 0 && var.max_retries <= 10 && floor(var.max_retries) == var.max_retries
    error_message = "max_retries must be a whole number between 0 and 10."
  }
}

variable "job_overrides" {
  description = "Per job of the workflow file (by its key, e.g. ingest): worker_type, number_of_workers, timeout_minutes, max_retries, and extra_arguments added to (or replacing) its default arguments."
  type = map(object({
    worker_type       = optional(string)
    number_of_workers = optional(number)
    timeout_minutes   = optional(number)
    max_retries       = optional(number)
    extra_arguments   = optional(map(string), {})
  }))
  default = {}
}

variable "scheduled_triggers_enabled" {
  description = "Whether the workflow file's SCHEDULED triggers are on. Off keeps them defined but inactive (no hourly runs); ON_DEMAND and CONDITIONAL triggers are not affected."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Days the jobs' log groups keep their events."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch Logs' retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
