variable "name_prefix" {
  description = "Prefix of the Athena workgroup's name (<name_prefix>)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix: 3 to 48 characters, lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "tables_file" {
  description = "Path of catalog/tables.json, generated from the jobs' schemas by dev.medallion.contract.CatalogExport: the Glue databases, tables, columns and partition keys."
  type        = string
}

variable "zone_bucket_names" {
  description = "Bucket name per zone (raw, cleansed, quarantine, curated): a table lives at s3://<bucket of its zone>/<path>."
  type        = map(string)
}

variable "database_prefix" {
  description = "Prefix of the Glue database names. Empty by default, so that the databases are raw, cleansed, quarantine and curated, the names the Athena queries use (cleansed.events, ...); with a prefix, the queries must be written with the prefixed names."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^([a-z][a-z0-9_]*_)?$", var.database_prefix))
    error_message = "database_prefix: empty, or lower-case letters, digits and underscores ending with an underscore (e.g. dev_)."
  }
}

variable "athena_results_bucket_name" {
  description = "Bucket of Athena query results."
  type        = string
}

variable "kms_key_arn" {
  description = "ARN of the KMS key Athena encrypts query results with (SSE-KMS)."
  type        = string
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Bytes a query of the workgroup may scan before Athena cancels it (at least 10 MB; Athena bills 5 USD per TB scanned)."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10485760 && floor(var.bytes_scanned_cutoff_per_query) == var.bytes_scanned_cutoff_per_query
    error_message = "bytes_scanned_cutoff_per_query must be a whole number of bytes, at least 10485760 (10 MB)."
  }
}

variable "queries_dir" {
  description = "Directory of the saved queries: each <name>.sql becomes an Athena named query <name> of the workgroup. A missing or empty directory gives no named queries."
  type        = string
}

variable "named_query_database" {
  description = "Zone whose Glue database is the named queries' default database (the queries name their tables with the database, e.g. cleansed.events)."
  type        = string
  default     = "curated"

  validation {
    condition     = contains(["raw", "cleansed", "quarantine", "curated"], var.named_query_database)
    error_message = "named_query_database must be raw, cleansed, quarantine or curated."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete the workgroup while it has saved queries and history."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
