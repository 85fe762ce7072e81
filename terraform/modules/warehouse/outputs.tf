output "warehouse_engine" {
  description = "redshift or postgres."
  value       = var.engine
}

output "warehouse_host" {
  description = "Host name of the warehouse (private)."
  value       = local.redshift ? try(aws_redshiftserverless_workgroup.this[0].endpoint[0].address, null) : try(aws_db_instance.this[0].address, null)
}

output "warehouse_port" {
  description = "Port of the warehouse: 5439 (Redshift) or 5432 (PostgreSQL)."
  value       = local.port
}

output "warehouse_database_name" {
  description = "Database the load job connects to."
  value       = var.database_name
}

output "warehouse_jdbc_url" {
  description = "The load job's --warehouse-url: jdbc:redshift://HOST:5439/DB?user=U or jdbc:postgresql://HOST:5432/DB?user=U, TLS required; no password in it."
  value = local.redshift ? (
    "jdbc:redshift://${try(aws_redshiftserverless_workgroup.this[0].endpoint[0].address, "")}:${local.port}/${var.database_name}?user=${var.admin_username}&sslmode=require"
    ) : (
    "jdbc:postgresql://${try(aws_db_instance.this[0].address, "")}:${local.port}/${var.database_name}?user=${var.admin_username}&sslmode=require"
  )
}

output "warehouse_secret_arn" {
  description = "ARN of the Secrets Manager secret with the admin password (JSON with username and password), managed by the service; the load job's --warehouse-secret."
  value       = local.redshift ? try(aws_redshiftserverless_namespace.this[0].admin_password_secret_arn, null) : try(aws_db_instance.this[0].master_user_secret[0].secret_arn, null)
}

output "warehouse_glue_connection_name" {
  description = "Name of the Glue NETWORK connection the load job runs in."
  value       = aws_glue_connection.this.name
}

output "warehouse_redshift_iam_role_arn" {
  description = "Role Redshift's COPY reads the staged Parquet with (the load job's --redshift-iam-role); null for PostgreSQL."
  value       = local.redshift ? aws_iam_role.redshift_copy[0].arn : null
}

output "warehouse_redshift_staging_uri" {
  description = "Where the load job stages Parquet for COPY (--redshift-staging); null for PostgreSQL."
  value       = local.redshift ? local.staging_uri : null
}

output "warehouse_vpc_id" {
  description = "VPC of the warehouse."
  value       = local.vpc_id
}

output "warehouse_subnet_ids" {
  description = "Private subnets of the warehouse."
  value       = local.subnet_ids
}

output "warehouse_security_group_ids" {
  description = "Security group ids: glue (the load job's connection), warehouse, endpoints (null with a VPC of yours)."
  value = {
    glue      = aws_security_group.glue.id
    warehouse = aws_security_group.warehouse.id
    endpoints = local.create_vpc ? aws_security_group.endpoints[0].id : null
  }
}
