variable "name_prefix" {
  description = "Prefix of every resource name (SNS topic, EventBridge rule, alarms, dashboard, metric namespace)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix: 3 to 48 characters, lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key the SNS topic is encrypted with."
  type        = string
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic (it must confirm the subscription by mail); null subscribes nobody."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address, or null."
  }
}

variable "glue_job_names" {
  description = "Glue job name per job of the workflow file (glue module output glue_job_names)."
  type        = map(string)
}

variable "glue_job_commands" {
  description = "Medallion command (ingest, curate, load, stream) per job of the workflow file (glue module output glue_job_commands); the metric lines name the command in Job."
  type        = map(string)
}

variable "warehouse_jobs" {
  description = "Keys of the jobs that load the warehouse (their RunFailed raises the warehouse-load alarm)."
  type        = list(string)
  default     = ["load"]
}

variable "output_log_group_name" {
  description = "Log group of the jobs' driver output, where the jobs print their CloudWatch Embedded Metric Format lines."
  type        = string
}

variable "stream_name" {
  description = "Name of the Kinesis stream, or null when no stream is deployed (no Kinesis alarm or widgets then)."
  type        = string
  default     = null
}

variable "iterator_age_threshold_ms" {
  description = "Alarm when the oldest unread record of the stream is older than this (GetRecords.IteratorAgeMilliseconds, maximum over 5 minutes): the stream job is behind or stopped."
  type        = number
  default     = 300000

  validation {
    condition     = var.iterator_age_threshold_ms >= 1000
    error_message = "iterator_age_threshold_ms must be at least 1000."
  }
}

variable "quarantine_ratio_threshold" {
  description = "Alarm when a run (batch ingest) or 5 minutes of micro-batches (stream) quarantine more than this share of the records read (0 to 1)."
  type        = number
  default     = 0.05

  validation {
    condition     = var.quarantine_ratio_threshold > 0 && var.quarantine_ratio_threshold < 1
    error_message = "quarantine_ratio_threshold must be between 0 and 1 (exclusive)."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
