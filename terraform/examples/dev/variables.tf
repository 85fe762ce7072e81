variable "region" {
  description = "AWS region to deploy to (one with Glue 5.0, Redshift Serverless and at least three Availability Zones)."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every name; the buckets are <name_prefix>-raw, ... and S3 bucket names are global, so make it yours (e.g. medallion-dev-<account id>)."
  type        = string
  default     = "medallion-dev"
}

variable "warehouse_engine" {
  description = "postgres (RDS db.t4g.micro, the cheapest) or redshift (Redshift Serverless)."
  type        = string
  default     = "postgres"

  validation {
    condition     = contains(["postgres", "redshift"], var.warehouse_engine)
    error_message = "warehouse_engine must be postgres or redshift."
  }
}

variable "stream_enabled" {
  description = "Deploy the Kinesis stream and the streaming job (about half the daily cost at the defaults)."
  type        = bool
  default     = true
}

variable "hourly_schedule" {
  description = "Run the workflow every hour (the workflow file's SCHEDULED trigger); off, runs start by hand only."
  type        = bool
  default     = true
}

variable "alarm_email" {
  description = "E-mail address for alarms and failed job runs; null for none."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let terraform destroy delete non-empty buckets. Set true and apply before destroying a dev deployment whose data you do not need."
  type        = bool
  default     = false
}

variable "quicksight_enabled" {
  description = "Deploy the QuickSight dashboard of the Athena queries (needs a QuickSight Enterprise subscription in the account and region)."
  type        = bool
  default     = false
}

variable "quicksight_owner_arns" {
  description = "Your QuickSight user (or group) ARNs, owners of the dashboard; needed when quicksight_enabled."
  type        = list(string)
  default     = []
}
