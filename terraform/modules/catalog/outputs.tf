output "catalog_database_names" {
  description = "Glue database name per zone."
  value       = { for zone, database in aws_glue_catalog_database.this : zone => database.name }
}

output "catalog_table_names" {
  description = "The Glue tables, as <database>.<table>."
  value       = sort([for table in aws_glue_catalog_table.this : "${table.database_name}.${table.name}"])
}

output "catalog_table_locations" {
  description = "S3 location per table (<zone>.<table>)."
  value       = { for key, table in aws_glue_catalog_table.this : key => table.storage_descriptor[0].location }
}

output "athena_workgroup_name" {
  description = "Name of the Athena workgroup (engine version 3, settings enforced)."
  value       = aws_athena_workgroup.this.name
}

output "athena_named_query_names" {
  description = "Names of the saved queries (one per athena/queries/*.sql)."
  value       = sort(keys(aws_athena_named_query.this))
}
