variable "name_prefix" {
  description = "Prefix of every resource name (the Redshift namespace and workgroup, the RDS instance <name_prefix>-warehouse, security groups, the Glue connection)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,46}[a-z0-9]$", var.name_prefix)) && !can(regex("--", var.name_prefix))
    error_message = "name_prefix: 3 to 48 characters, lower-case letters, digits and single hyphens, starting with a letter (RDS and Redshift identifiers must) and ending with a letter or digit."
  }
}

variable "engine" {
  description = "The warehouse: redshift (Redshift Serverless namespace and workgroup) or postgres (RDS for PostgreSQL)."
  type        = string
  default     = "postgres"

  validation {
    condition     = contains(["redshift", "postgres"], var.engine)
    error_message = "engine must be redshift or postgres."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key the warehouse's storage and its admin password secret are encrypted with."
  type        = string
}

variable "database_name" {
  description = "Database the load job connects to; it creates schema analytics in it."
  type        = string
  default     = "medallion"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name: a lower-case letter, then up to 62 lower-case letters, digits and underscores."
  }
}

variable "admin_username" {
  description = "Admin user of the warehouse, the user the load job connects as. Its password is generated and kept in Secrets Manager by the service (RDS manage_master_user_password, Redshift manage_admin_password); it is never in Terraform's state."
  type        = string
  default     = "medallion"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.admin_username)) && !contains(["admin", "postgres", "rdsadmin", "public", "user"], var.admin_username)
    error_message = "admin_username: a lower-case letter, then up to 62 lower-case letters, digits and underscores, and not a reserved name (admin, postgres, rdsadmin, public, user)."
  }
}

variable "vpc_id" {
  description = "An existing VPC for the warehouse; null creates one with private subnets and VPC endpoints (no internet gateway, no NAT gateway). An existing VPC must give the load job a way to S3, Secrets Manager, Glue, CloudWatch Logs and monitoring and KMS (endpoints or a NAT gateway)."
  type        = string
  default     = null
}

variable "subnet_ids" {
  description = "Private subnets of vpc_id, in at least two Availability Zones (three for Redshift Serverless); the first is the Glue connection's. Ignored when the VPC is created here."
  type        = list(string)
  default     = []

  validation {
    condition     = var.vpc_id == null || length(var.subnet_ids) >= 2
    error_message = "With vpc_id, give at least two subnet_ids (in different Availability Zones)."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC created when vpc_id is null; each subnet gets a /20 of it (cidrsubnet(vpc_cidr, 4, n))."
  type        = string
  default     = "10.42.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 24
    error_message = "vpc_cidr must be an IPv4 CIDR block of /24 or larger."
  }
}

variable "availability_zone_count" {
  description = "Private subnets (one per Availability Zone) of the VPC created here. Redshift Serverless wants three; RDS two."
  type        = number
  default     = 3

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 6 && floor(var.availability_zone_count) == var.availability_zone_count
    error_message = "availability_zone_count must be a whole number between 2 and 6."
  }
}

variable "interface_endpoints" {
  description = "AWS services given an interface VPC endpoint in the Glue connection's subnet of the VPC created here: what the load job calls from inside the VPC (S3 has a free gateway endpoint besides). Each costs about 0.01 USD an hour."
  type        = list(string)
  default     = ["secretsmanager", "glue", "logs", "monitoring", "kms"]

  validation {
    condition     = alltrue([for service in var.interface_endpoints : can(regex("^[a-z0-9.-]+$", service))])
    error_message = "interface_endpoints: service names such as secretsmanager, glue, logs, monitoring, kms, sts."
  }
}

variable "copy_read_bucket_arns" {
  description = "Buckets the Redshift COPY role may read (curated and temp, where the load job stages Parquet)."
  type        = list(string)
  default     = []
}

variable "staging_bucket_name" {
  description = "Bucket where the load job stages Parquet for Redshift's COPY (--redshift-staging s3://<bucket>/redshift-staging)."
  type        = string
}

variable "redshift_base_capacity" {
  description = "Base Redshift Processing Units of the Redshift Serverless workgroup (8 to 512, in steps of 8); billed only while it works."
  type        = number
  default     = 8

  validation {
    condition     = var.redshift_base_capacity >= 8 && var.redshift_base_capacity <= 512 && var.redshift_base_capacity % 8 == 0
    error_message = "redshift_base_capacity must be a multiple of 8 between 8 and 512."
  }
}

variable "redshift_max_capacity" {
  description = "Most RPUs the workgroup may scale to; null lets Redshift choose."
  type        = number
  default     = null

  validation {
    condition     = var.redshift_max_capacity == null || try(var.redshift_max_capacity >= var.redshift_base_capacity && var.redshift_max_capacity % 8 == 0, false)
    error_message = "redshift_max_capacity must be null, or a multiple of 8 not below redshift_base_capacity."
  }
}

variable "postgres_engine_version" {
  description = "PostgreSQL major (or major.minor) version of the RDS instance; 15 or later (the load uses MERGE)."
  type        = string
  default     = "17"

  validation {
    condition     = can(regex("^(1[5-9]|[2-9][0-9])(\\.[0-9]+)?$", var.postgres_engine_version))
    error_message = "postgres_engine_version must be 15 or later, e.g. 17 or 17.5."
  }
}

variable "postgres_instance_class" {
  description = "RDS instance class of the PostgreSQL warehouse."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = startswith(var.postgres_instance_class, "db.")
    error_message = "postgres_instance_class must be an RDS instance class such as db.t4g.micro."
  }
}

variable "postgres_allocated_storage_gb" {
  description = "Storage of the RDS instance in GB (gp3, 20 to 65536); it grows by itself up to 5 times this."
  type        = number
  default     = 20

  validation {
    condition     = var.postgres_allocated_storage_gb >= 20 && var.postgres_allocated_storage_gb <= 65536 && floor(var.postgres_allocated_storage_gb) == var.postgres_allocated_storage_gb
    error_message = "postgres_allocated_storage_gb must be a whole number between 20 and 65536."
  }
}

variable "postgres_multi_az" {
  description = "Run the RDS instance with a standby in a second Availability Zone (twice the instance cost)."
  type        = bool
  default     = false
}

variable "backup_retention_days" {
  description = "Days of automated backups of the RDS instance (0 turns them off)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 0 && var.backup_retention_days <= 35 && floor(var.backup_retention_days) == var.backup_retention_days
    error_message = "backup_retention_days must be a whole number between 0 and 35."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the RDS instance (terraform destroy fails until it is turned off)."
  type        = bool
  default     = false
}

variable "final_snapshot" {
  description = "Take a final snapshot of the RDS instance when it is destroyed (<name_prefix>-warehouse-final)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
