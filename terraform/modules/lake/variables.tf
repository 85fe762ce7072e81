variable "name_prefix" {
  description = "Prefix of the bucket names: the buckets are <name_prefix>-raw, -cleansed, -quarantine, -curated, -state, -landing, -scripts, -temp and -athena-results. S3 bucket names are global: pick a prefix nobody else uses."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$", var.name_prefix)) && !can(regex("--", var.name_prefix))
    error_message = "name_prefix: 3 to 48 characters (the longest bucket name, <name_prefix>-athena-results, must fit S3's 63), lower-case letters, digits and single hyphens, starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key every bucket is encrypted with (SSE-KMS, with S3 bucket keys)."
  type        = string
}

variable "raw_transition_to_ia_days" {
  description = "Days after which objects of the raw bucket move to S3 Standard-IA (S3 requires at least 30)."
  type        = number
  default     = 30

  validation {
    condition     = var.raw_transition_to_ia_days >= 30 && floor(var.raw_transition_to_ia_days) == var.raw_transition_to_ia_days
    error_message = "raw_transition_to_ia_days must be a whole number of at least 30 (S3's minimum for Standard-IA)."
  }
}

variable "raw_transition_to_glacier_ir_days" {
  description = "Days after which objects of the raw bucket move to S3 Glacier Instant Retrieval (still readable at once by Spark and Athena, unlike Glacier Flexible Retrieval). At least 30 days after the Standard-IA transition."
  type        = number
  default     = 90

  validation {
    condition     = var.raw_transition_to_glacier_ir_days >= var.raw_transition_to_ia_days + 30 && floor(var.raw_transition_to_glacier_ir_days) == var.raw_transition_to_glacier_ir_days
    error_message = "raw_transition_to_glacier_ir_days must be a whole number at least 30 days after raw_transition_to_ia_days (objects stay 30 days in Standard-IA)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which a replaced or deleted object version of a versioned bucket (raw, state) is deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number of at least 1."
  }
}

variable "temp_expiration_days" {
  description = "Days after which objects of the temp bucket (Glue --TempDir, Redshift COPY staging) are deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.temp_expiration_days >= 1 && floor(var.temp_expiration_days) == var.temp_expiration_days
    error_message = "temp_expiration_days must be a whole number of at least 1."
  }
}

variable "athena_results_expiration_days" {
  description = "Days after which Athena query results are deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.athena_results_expiration_days >= 1 && floor(var.athena_results_expiration_days) == var.athena_results_expiration_days
    error_message = "athena_results_expiration_days must be a whole number of at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which the parts of an unfinished multipart upload are deleted, in every bucket."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1 && floor(var.abort_incomplete_multipart_upload_days) == var.abort_incomplete_multipart_upload_days
    error_message = "abort_incomplete_multipart_upload_days must be a whole number of at least 1."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete buckets that still hold objects (every version of them). Off by default: a destroy then stops at the first non-empty bucket, and the lake survives a mistaken destroy."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
