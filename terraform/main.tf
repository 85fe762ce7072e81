# Medallion on AWS: the lake's buckets, the Kinesis stream, the Glue jobs, triggers and workflow
# generated from workflow/medallion.json, the Glue Data Catalog and Athena, the warehouse, the
# alarms, and (when quicksight_enabled) a QuickSight dashboard of the Athena queries. See README.md.

locals {
  # The repository's files, seen from this module (also when it is called from examples/dev).
  workflow_file       = coalesce(var.workflow_file, "${path.module}/../workflow/medallion.json")
  artifact_dir        = coalesce(var.artifact_dir, "${path.module}/../glue-scripts/target/glue-artifact")
  catalog_tables_file = coalesce(var.catalog_tables_file, "${path.module}/../catalog/tables.json")
  athena_queries_dir  = coalesce(var.athena_queries_dir, "${path.module}/../athena/queries")

  tags = merge(var.tags, { "medallion:deployment" = var.name_prefix })

  stream_name = "${var.name_prefix}-events"
}

module "kms" {
  source = "./modules/kms"

  name_prefix             = var.name_prefix
  deletion_window_in_days = var.kms_deletion_window_days
  tags                    = local.tags
}

module "lake" {
  source = "./modules/lake"

  name_prefix                        = var.name_prefix
  kms_key_arn                        = module.kms.kms_key_arn
  raw_transition_to_ia_days          = var.raw_transition_to_ia_days
  raw_transition_to_glacier_ir_days  = var.raw_transition_to_glacier_ir_days
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  temp_expiration_days               = var.temp_expiration_days
  athena_results_expiration_days     = var.athena_results_expiration_days
  force_destroy                      = var.force_destroy
  tags                               = local.tags
}

module "stream" {
  source = "./modules/stream"
  count  = var.stream_enabled ? 1 : 0

  name            = local.stream_name
  kms_key_arn     = module.kms.kms_key_arn
  stream_mode     = var.stream_mode
  shard_count     = var.stream_shard_count
  retention_hours = var.stream_retention_hours
  tags            = local.tags
}

module "warehouse" {
  source = "./modules/warehouse"

  name_prefix                   = var.name_prefix
  engine                        = var.warehouse_engine
  kms_key_arn                   = module.kms.kms_key_arn
  database_name                 = var.warehouse_database_name
  admin_username                = var.warehouse_admin_username
  vpc_id                        = var.vpc_id
  subnet_ids                    = var.subnet_ids
  vpc_cidr                      = var.vpc_cidr
  availability_zone_count       = var.availability_zone_count
  interface_endpoints           = var.vpc_interface_endpoints
  copy_read_bucket_arns         = [module.lake.lake_bucket_arns["curated"], module.lake.lake_bucket_arns["temp"]]
  staging_bucket_name           = module.lake.lake_bucket_names["temp"]
  redshift_base_capacity        = var.redshift_base_capacity
  redshift_max_capacity         = var.redshift_max_capacity
  postgres_engine_version       = var.postgres_engine_version
  postgres_instance_class       = var.postgres_instance_class
  postgres_allocated_storage_gb = var.postgres_allocated_storage_gb
  postgres_multi_az             = var.postgres_multi_az
  backup_retention_days         = var.warehouse_backup_retention_days
  deletion_protection           = var.warehouse_deletion_protection
  final_snapshot                = var.warehouse_final_snapshot
  tags                          = local.tags
}

module "glue" {
  source = "./modules/glue"

  name_prefix      = var.name_prefix
  workflow_file    = local.workflow_file
  artifact_dir     = local.artifact_dir
  artifact_version = var.artifact_version
  bucket_names     = module.lake.lake_bucket_names
  bucket_arns      = module.lake.lake_bucket_arns
  lake_uri         = module.lake.lake_uri
  landing_uri      = module.lake.lake_landing_uri
  kms_key_arn      = module.kms.kms_key_arn
  stream_name      = var.stream_enabled ? module.stream[0].stream_name : null
  stream_arn       = var.stream_enabled ? module.stream[0].stream_arn : null

  warehouse = {
    engine                = module.warehouse.warehouse_engine
    jdbc_url              = module.warehouse.warehouse_jdbc_url
    secret_arn            = module.warehouse.warehouse_secret_arn
    connection_name       = module.warehouse.warehouse_glue_connection_name
    redshift_iam_role_arn = module.warehouse.warehouse_redshift_iam_role_arn
    redshift_staging_uri  = module.warehouse.warehouse_redshift_staging_uri
  }

  worker_type                = var.glue_worker_type
  number_of_workers          = var.glue_number_of_workers
  stream_worker_type         = var.glue_stream_worker_type
  stream_number_of_workers   = var.glue_stream_number_of_workers
  timeout_minutes            = var.glue_timeout_minutes
  max_retries                = var.glue_max_retries
  job_overrides              = var.glue_job_overrides
  scheduled_triggers_enabled = var.glue_scheduled_triggers_enabled
  log_retention_days         = var.log_retention_days
  tags                       = local.tags
}

module "catalog" {
  source = "./modules/catalog"

  name_prefix                    = var.name_prefix
  tables_file                    = local.catalog_tables_file
  zone_bucket_names              = { for zone in module.lake.lake_zones : zone => module.lake.lake_bucket_names[zone] }
  database_prefix                = var.database_prefix
  athena_results_bucket_name     = module.lake.lake_bucket_names["athena-results"]
  kms_key_arn                    = module.kms.kms_key_arn
  bytes_scanned_cutoff_per_query = var.athena_bytes_scanned_cutoff_per_query
  queries_dir                    = local.athena_queries_dir
  force_destroy                  = var.force_destroy
  tags                           = local.tags
}

module "monitoring" {
  source = "./modules/monitoring"

  name_prefix                = var.name_prefix
  kms_key_arn                = module.kms.kms_key_arn
  alarm_email                = var.alarm_email
  glue_job_names             = module.glue.glue_job_names
  glue_job_commands          = module.glue.glue_job_commands
  warehouse_jobs             = [for key, arguments in module.glue.glue_job_arguments : key if contains(keys(arguments), "--warehouse-url")]
  output_log_group_name      = module.glue.glue_output_log_group_name
  stream_name                = var.stream_enabled ? module.stream[0].stream_name : null
  iterator_age_threshold_ms  = var.kinesis_iterator_age_threshold_ms
  quarantine_ratio_threshold = var.quarantine_ratio_threshold
  tags                       = local.tags
}

# Off by default: it needs a QuickSight Enterprise subscription in the account and region.
module "quicksight" {
  source = "./modules/quicksight"
  count  = var.quicksight_enabled ? 1 : 0

  name_prefix               = var.name_prefix
  queries_dir               = local.athena_queries_dir
  database_names            = module.catalog.catalog_database_names
  table_locations           = module.catalog.catalog_table_locations
  athena_workgroup_name     = module.catalog.athena_workgroup_name
  athena_results_bucket_arn = module.lake.lake_bucket_arns["athena-results"]
  kms_key_arn               = module.kms.kms_key_arn
  owner_arns                = var.quicksight_owner_arns
  viewer_arns               = var.quicksight_viewer_arns
  service_role_name         = var.quicksight_service_role_name
  import_mode               = var.quicksight_import_mode
  spice_refresh_interval    = var.quicksight_spice_refresh_interval
  tags                      = local.tags
}
