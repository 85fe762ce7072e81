variable "name_prefix" {
  description = "Prefix of every resource name of this deployment; the key's alias is alias/<name_prefix>."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix: 3 to 48 characters, lower-case letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "deletion_window_in_days" {
  description = "Days KMS waits before it deletes the key after a destroy (7 to 30). Everything encrypted with it is unreadable once it is gone."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
