variable "name" {
  description = "Name of the Kinesis data stream (the stream job's --stream)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{1,128}$", var.name))
    error_message = "name: 1 to 128 letters, digits, underscores, hyphens and periods."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key the stream is encrypted with (server-side encryption)."
  type        = string
}

variable "stream_mode" {
  description = "ON_DEMAND (capacity follows the traffic, billed per stream-hour and per GB) or PROVISIONED (shard_count shards, billed per shard-hour)."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.stream_mode)
    error_message = "stream_mode must be ON_DEMAND or PROVISIONED."
  }
}

variable "shard_count" {
  description = "Shards of a PROVISIONED stream (each takes 1 MB/s or 1,000 records/s in, 2 MB/s out); must be null for ON_DEMAND."
  type        = number
  default     = null

  validation {
    condition     = var.stream_mode == "PROVISIONED" ? (var.shard_count != null && try(var.shard_count >= 1 && floor(var.shard_count) == var.shard_count, false)) : var.shard_count == null
    error_message = "shard_count: a whole number of at least 1 when stream_mode is PROVISIONED, and null (unset) when it is ON_DEMAND."
  }
}

variable "retention_hours" {
  description = "Hours a record stays readable in the stream (24 to 8760). Longer than the stream job's worst outage, so that it can catch up."
  type        = number
  default     = 24

  validation {
    condition     = var.retention_hours >= 24 && var.retention_hours <= 8760 && floor(var.retention_hours) == var.retention_hours
    error_message = "retention_hours must be a whole number between 24 and 8760."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
