# A development deployment of Medallion: the whole root module with its defaults (RDS PostgreSQL
# warehouse, on-demand Kinesis stream, hourly ingest). Build the Glue artifact first:
#   ./mvnw -B -DskipTests package      (at the repository root)
# then here: terraform init && terraform apply. See docs/deploy.md.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project     = "medallion"
      environment = "dev"
    }
  }
}

module "medallion" {
  source = "../.."

  name_prefix                     = var.name_prefix
  warehouse_engine                = var.warehouse_engine
  stream_enabled                  = var.stream_enabled
  glue_scheduled_triggers_enabled = var.hourly_schedule
  alarm_email                     = var.alarm_email
  force_destroy                   = var.force_destroy
  quicksight_enabled              = var.quicksight_enabled
  quicksight_owner_arns           = var.quicksight_owner_arns
}
