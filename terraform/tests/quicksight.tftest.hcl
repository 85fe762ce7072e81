# modules/quicksight, and the root's quicksight_enabled: off by default nothing is planned; on, an
# Athena data source in the workgroup, one dataset per athena/queries/*.sql (the repository's own
# files, so a query without its columns in questions.tf fails here), a dashboard with a sheet, a
# visual and the date, event type and country filters per question, and a least-privilege policy
# on QuickSight's service role.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name_prefix = "medallion-test"
  queries_dir = "../athena/queries"
  database_names = {
    raw        = "raw"
    cleansed   = "cleansed"
    quarantine = "quarantine"
    curated    = "curated"
  }
  table_locations = {
    "raw.events"                  = "s3://medallion-test-raw/events"
    "cleansed.events"             = "s3://medallion-test-cleansed/events"
    "cleansed.users"              = "s3://medallion-test-cleansed/users"
    "cleansed.transactions"       = "s3://medallion-test-cleansed/transactions"
    "quarantine.records"          = "s3://medallion-test-quarantine/records"
    "curated.events_enriched"     = "s3://medallion-test-curated/events_enriched"
    "curated.daily_event_metrics" = "s3://medallion-test-curated/daily_event_metrics"
  }
  athena_workgroup_name     = "medallion-test"
  athena_results_bucket_arn = "arn:aws:s3:::medallion-test-athena-results"
  kms_key_arn               = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  owner_arns                = ["arn:aws:quicksight:us-east-1:123456789012:user/default/data-engineer"]
  viewer_arns               = ["arn:aws:quicksight:us-east-1:123456789012:group/default/analysts"]
}

run "root_off_by_default_plans_no_quicksight" {
  command = plan

  variables {
    artifact_dir       = "tests/fixtures/glue-artifact"
    athena_queries_dir = "../athena/queries"
  }

  assert {
    condition     = length(module.quicksight) == 0
    error_message = "quicksight_enabled is false by default: no QuickSight module instance."
  }

  assert {
    condition = (
      output.quicksight_dashboard_id == null && output.quicksight_dashboard_url == null &&
      output.quicksight_data_source_arn == null && output.quicksight_policy_arn == null &&
      output.quicksight_data_set_ids == {}
    )
    error_message = "Without QuickSight its outputs are null (the dataset ids an empty map)."
  }
}

run "root_on_wires_the_catalog_and_the_queries" {
  command = plan

  variables {
    artifact_dir          = "tests/fixtures/glue-artifact"
    athena_queries_dir    = "../athena/queries"
    quicksight_enabled    = true
    quicksight_owner_arns = ["arn:aws:quicksight:us-east-1:123456789012:user/default/data-engineer"]
  }

  assert {
    condition     = length(module.quicksight) == 1
    error_message = "quicksight_enabled = true deploys the QuickSight module once."
  }

  assert {
    condition     = toset(keys(output.quicksight_data_set_ids)) == toset([for file in fileset("../athena/queries", "*.sql") : trimsuffix(file, ".sql")])
    error_message = "The root deploys one dataset per athena/queries/*.sql."
  }

  assert {
    condition     = output.quicksight_dashboard_id == "medallion-test" && output.quicksight_dashboard_url == "https://eu-west-1.quicksight.aws.amazon.com/sn/dashboards/medallion-test"
    error_message = "The dashboard is <name_prefix>, opened at https://<region>.quicksight.aws.amazon.com/sn/dashboards/<id>."
  }

  assert {
    condition     = output.quicksight_data_source_arn != null && output.quicksight_policy_arn != null
    error_message = "The data source and the policy are outputs."
  }
}

run "data_source_is_athena_in_the_workgroup" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  assert {
    condition = (
      aws_quicksight_data_source.athena.type == "ATHENA" &&
      aws_quicksight_data_source.athena.data_source_id == "medallion-test-athena" &&
      one(one(aws_quicksight_data_source.athena.parameters).athena).work_group == var.athena_workgroup_name
    )
    error_message = "The data source is Athena, in the deployment's workgroup."
  }

  assert {
    condition = (
      toset([for permission in aws_quicksight_data_source.athena.permission : permission.principal]) == toset(var.owner_arns) &&
      alltrue([for permission in aws_quicksight_data_source.athena.permission : contains(permission.actions, "quicksight:PassDataSource") && contains(permission.actions, "quicksight:UpdateDataSourcePermissions")])
    )
    error_message = "The owners (and not the viewers) own the data source."
  }
}

run "one_dataset_per_query_file" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  assert {
    condition     = toset(keys(aws_quicksight_data_set.this)) == toset([for file in fileset(var.queries_dir, "*.sql") : trimsuffix(file, ".sql")]) && length(aws_quicksight_data_set.this) >= 6
    error_message = "There must be one dataset per athena/queries/*.sql."
  }

  assert {
    condition = alltrue([for name, data_set in aws_quicksight_data_set.this : (
      data_set.data_set_id == "medallion-test-${replace(name, "_", "-")}" &&
      data_set.import_mode == "DIRECT_QUERY" &&
      one(one(data_set.physical_table_map).custom_sql).data_source_arn == aws_quicksight_data_source.athena.arn
    )])
    error_message = "Each dataset is <name_prefix>-<query>, a direct query of custom SQL on the Athena data source."
  }

  # The SQL is the file's: every line that is not a comment is in it, and no comment line is.
  assert {
    condition = alltrue([for file in fileset(var.queries_dir, "*.sql") : alltrue([
      for line in split("\n", file("${var.queries_dir}/${file}")) : (
        startswith(trimspace(line), "--")
        ? !strcontains(one(one(aws_quicksight_data_set.this[trimsuffix(file, ".sql")].physical_table_map).custom_sql).sql_query, line)
        : strcontains(one(one(aws_quicksight_data_set.this[trimsuffix(file, ".sql")].physical_table_map).custom_sql).sql_query, trimspace(line))
      )
    ])])
    error_message = "Each dataset's SQL is its file's statement, without the comment lines."
  }

  assert {
    condition = (
      strcontains(one(one(aws_quicksight_data_set.this["daily_active_users"].physical_table_map).custom_sql).sql_query, "FROM curated.events_enriched") &&
      [for column in one(one(aws_quicksight_data_set.this["daily_active_users"].physical_table_map).custom_sql).columns : "${column.name} ${column.type}"] == ["event_date DATETIME", "active_users INTEGER", "events INTEGER"] &&
      [for column in one(one(aws_quicksight_data_set.this["revenue_by_country"].physical_table_map).custom_sql).columns : "${column.name} ${column.type}"] == ["country STRING", "revenue DECIMAL", "events INTEGER"]
    )
    error_message = "The datasets declare the queries' output columns with QuickSight types (date DATETIME, bigint INTEGER, decimal DECIMAL, varchar STRING)."
  }

  # Every declared column is a word of its query (the module's precondition; here on every file).
  assert {
    condition = alltrue([for name, data_set in aws_quicksight_data_set.this : length(one(one(data_set.physical_table_map).custom_sql).columns) >= 1 && alltrue([
      for column in one(one(data_set.physical_table_map).custom_sql).columns : strcontains(one(one(data_set.physical_table_map).custom_sql).sql_query, column.name)
    ])])
    error_message = "Every dataset declares columns, each named in its SQL."
  }

  assert {
    condition = alltrue([for data_set in aws_quicksight_data_set.this : (
      toset([for permission in data_set.permissions : permission.principal]) == toset(var.owner_arns) &&
      alltrue([for permission in data_set.permissions : contains(permission.actions, "quicksight:PassDataSet")])
    )])
    error_message = "The owners own every dataset; viewers need none (they see the dashboard)."
  }

  assert {
    condition     = length(aws_quicksight_refresh_schedule.this) == 0
    error_message = "Direct queries need no SPICE refresh schedule."
  }
}

run "dashboard_has_a_sheet_visual_and_filters_per_question" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  assert {
    condition = (
      aws_quicksight_dashboard.this.dashboard_id == "medallion-test" &&
      tolist([for declaration in one(aws_quicksight_dashboard.this.definition).data_set_identifiers_declarations : declaration.identifier]) == sort(keys(aws_quicksight_data_set.this)) &&
      alltrue([for declaration in one(aws_quicksight_dashboard.this.definition).data_set_identifiers_declarations : declaration.data_set_arn == aws_quicksight_data_set.this[declaration.identifier].arn])
    )
    error_message = "The dashboard <name_prefix> declares every dataset, by its question's name."
  }

  assert {
    condition     = tolist([for sheet in one(aws_quicksight_dashboard.this.definition).sheets : sheet.sheet_id]) == sort(keys(aws_quicksight_data_set.this))
    error_message = "There must be one sheet per question."
  }

  # Each sheet shows its dataset: a table of every declared column, and at least one visual.
  assert {
    condition = alltrue([for sheet in one(aws_quicksight_dashboard.this.definition).sheets : (
      length(sheet.visuals) >= 1 &&
      [for value in one(one(one([for visual in sheet.visuals : visual.table_visual[0] if length(visual.table_visual) == 1]).chart_configuration).field_wells).table_unaggregated_field_wells[0].values : "${value.column[0].data_set_identifier}.${value.column[0].column_name}"] ==
      [for column in one(one(aws_quicksight_data_set.this[sheet.sheet_id].physical_table_map).custom_sql).columns : "${sheet.sheet_id}.${column.name}"]
    )])
    error_message = "Each sheet has a table of its dataset's columns."
  }

  assert {
    condition = (
      length([for visual in one([for sheet in one(aws_quicksight_dashboard.this.definition).sheets : sheet if sheet.sheet_id == "daily_active_users"]).visuals : visual if length(visual.line_chart_visual) == 1]) == 1 &&
      length([for visual in one([for sheet in one(aws_quicksight_dashboard.this.definition).sheets : sheet if sheet.sheet_id == "revenue_by_country"]).visuals : visual if length(visual.bar_chart_visual) == 1]) == 1
    )
    error_message = "Daily active users is a line chart over the date; revenue by country a bar chart."
  }

  assert {
    condition = (
      one(one(one([for visual in one([for sheet in one(aws_quicksight_dashboard.this.definition).sheets : sheet if sheet.sheet_id == "daily_active_users"]).visuals : visual.table_visual[0] if length(visual.table_visual) == 1]).chart_configuration).sort_configuration).row_sort[0].field_sort[0] == { field_id = "daily_active_users-table-event_date", direction = "DESC" } &&
      one(one(one([for visual in one([for sheet in one(aws_quicksight_dashboard.this.definition).sheets : sheet if sheet.sheet_id == "revenue_by_country"]).visuals : visual.table_visual[0] if length(visual.table_visual) == 1]).chart_configuration).sort_configuration).row_sort[0].field_sort[0] == { field_id = "revenue_by_country-table-revenue", direction = "DESC" }
    )
    error_message = "Tables list the newest day first (line charts) or the largest value first (bar charts)."
  }

  # Filters: a date range on every DATETIME column, a list on event_type and country, each on its
  # own question's sheet, each with its control on that sheet.
  assert {
    condition = toset([for group in one(aws_quicksight_dashboard.this.definition).filter_groups : group.filter_group_id]) == toset(flatten([
      for name, data_set in aws_quicksight_data_set.this : [
        for column in one(one(data_set.physical_table_map).custom_sql).columns : "${name}-${column.name}"
        if column.type == "DATETIME" || contains(["event_type", "country"], column.name)
      ]
    ]))
    error_message = "There must be a filter per date, event_type and country column of each dataset, and no other."
  }

  assert {
    condition = alltrue([for group in one(aws_quicksight_dashboard.this.definition).filter_groups : (
      group.cross_dataset == "SINGLE_DATASET" &&
      [for scope in one(one(group.scope_configuration).selected_sheets).sheet_visual_scoping_configurations : "${scope.sheet_id} ${scope.scope}"] == ["${split("-", group.filter_group_id)[0]} ALL_VISUALS"] &&
      (length(one(group.filters).time_range_filter) == 1 ? one(one(group.filters).time_range_filter).column[0].column_name : one(one(group.filters).category_filter).column[0].column_name) == split("-", group.filter_group_id)[1]
    )])
    error_message = "Each filter applies to its column on its own question's sheet only."
  }

  assert {
    condition = (
      contains([for group in one(aws_quicksight_dashboard.this.definition).filter_groups : group.filter_group_id if length(one(group.filters).time_range_filter) == 1], "daily_active_users-event_date") &&
      contains([for group in one(aws_quicksight_dashboard.this.definition).filter_groups : group.filter_group_id if length(one(group.filters).category_filter) == 1], "top_event_types-event_type") &&
      contains([for group in one(aws_quicksight_dashboard.this.definition).filter_groups : group.filter_group_id if length(one(group.filters).category_filter) == 1], "revenue_by_country-country")
    )
    error_message = "Daily active users is filtered by date, top event types by event type, revenue by country by country."
  }

  assert {
    condition = toset(flatten([for sheet in one(aws_quicksight_dashboard.this.definition).sheets : [
      for control in sheet.filter_controls : length(control.date_time_picker) == 1 ? "${sheet.sheet_id}:${control.date_time_picker[0].source_filter_id}" : "${sheet.sheet_id}:${control.dropdown[0].source_filter_id}"
      ]])) == toset([for group in one(aws_quicksight_dashboard.this.definition).filter_groups : (
      length(one(group.filters).time_range_filter) == 1 ? "${split("-", group.filter_group_id)[0]}:${one(group.filters).time_range_filter[0].filter_id}" : "${split("-", group.filter_group_id)[0]}:${one(group.filters).category_filter[0].filter_id}"
    )])
    error_message = "Every filter has its control (date range picker or drop-down) on its sheet."
  }

  assert {
    condition = (
      toset([for permission in aws_quicksight_dashboard.this.permissions : permission.principal]) == toset(concat(var.owner_arns, var.viewer_arns)) &&
      alltrue([for permission in aws_quicksight_dashboard.this.permissions : (
        contains(var.viewer_arns, permission.principal)
        ? toset(permission.actions) == toset(["quicksight:DescribeDashboard", "quicksight:ListDashboardVersions", "quicksight:QueryDashboard"])
        : contains(permission.actions, "quicksight:UpdateDashboardPermissions")
      )])
    )
    error_message = "Owners own the dashboard; viewers may only describe and query it."
  }

  assert {
    condition     = output.quicksight_dashboard_url == "https://eu-west-1.quicksight.aws.amazon.com/sn/dashboards/medallion-test"
    error_message = "The output says where to open the dashboard."
  }
}

run "iam_reads_only_what_the_queries_read" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  assert {
    condition     = aws_iam_role_policy_attachment.quicksight.role == "aws-quicksight-service-role-v0" && aws_iam_role_policy_attachment.quicksight.policy_arn == aws_iam_policy.quicksight.arn
    error_message = "The policy is attached to QuickSight's service role."
  }

  # The tables the queries read, found here another way: the names after FROM and JOIN.
  assert {
    condition = toset(output.quicksight_tables_read) == toset(flatten([for file in fileset(var.queries_dir, "*.sql") : [
      for match in regexall("(?i)\\b(?:from|join)\\s+((?:raw|cleansed|quarantine|curated)\\.[a-z_]+)", file("${var.queries_dir}/${file}")) : match[0]
    ]])) && contains(output.quicksight_tables_read, "curated.events_enriched")
    error_message = "QuickSight may read exactly the tables named after FROM and JOIN in the queries."
  }

  assert {
    condition = alltrue([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : (
      statement.Effect == "Allow" &&
      !contains(statement.Resource, "*") &&
      alltrue([for action in statement.Action : !strcontains(action, "*")])
    )])
    error_message = "No statement names every resource or a wildcard action."
  }

  assert {
    condition = alltrue([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : (
      statement.Resource == ["arn:aws:athena:eu-west-1:123456789012:workgroup/medallion-test"]
    ) if anytrue([for action in statement.Action : contains(["athena:StartQueryExecution", "athena:GetQueryResults"], action)])])
    error_message = "Queries run only in the deployment's workgroup."
  }

  assert {
    condition = toset(one([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : statement.Resource if statement.Sid == "ReadTheTablesOfTheQueries"])) == toset(concat(
      ["arn:aws:glue:eu-west-1:123456789012:catalog"],
      distinct([for table in output.quicksight_tables_read : "arn:aws:glue:eu-west-1:123456789012:database/${split(".", table)[0]}"]),
      [for table in output.quicksight_tables_read : "arn:aws:glue:eu-west-1:123456789012:table/${split(".", table)[0]}/${split(".", table)[1]}"],
    )) && alltrue([for action in one([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : statement.Action if statement.Sid == "ReadTheTablesOfTheQueries"]) : startswith(action, "glue:Get") || action == "glue:BatchGetPartition"])
    error_message = "Glue: only reads, only of the catalog, the databases and the tables the queries read."
  }

  assert {
    condition = toset(one([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : statement.Resource if statement.Sid == "ReadTheFilesOfTheTables"])) == toset([
      for table in output.quicksight_tables_read : "arn:aws:s3:::${trimprefix(var.table_locations[table], "s3://")}/*"
    ])
    error_message = "S3: QuickSight reads the files of the tables the queries read, and no other object of the lake."
  }

  assert {
    condition = alltrue([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : (
      statement.Resource == ["arn:aws:s3:::medallion-test-athena-results/*"]
    ) if anytrue([for action in statement.Action : contains(["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], action)])])
    error_message = "The only place QuickSight writes is the Athena results bucket."
  }

  assert {
    condition = alltrue([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : (
      statement.Resource != ["arn:aws:s3:::medallion-test-athena-results"] &&
      length(statement.Condition.StringLike["s3:prefix"]) >= 2 &&
      alltrue([for prefix in statement.Condition.StringLike["s3:prefix"] : anytrue([for table in output.quicksight_tables_read : prefix == split(".", table)[1] || prefix == "${split(".", table)[1]}/*"])])
    ) if contains(statement.Action, "s3:ListBucket") && statement.Sid != "ListTheResults"])
    error_message = "Listing a lake bucket is allowed only under the paths of the tables read."
  }

  assert {
    condition = (
      one([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : statement if statement.Sid == "UseTheDeploymentKeyThroughS3"]).Resource == [var.kms_key_arn] &&
      toset(one([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : statement if statement.Sid == "UseTheDeploymentKeyThroughS3"]).Action) == toset(["kms:Decrypt", "kms:GenerateDataKey"]) &&
      one([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : statement if statement.Sid == "UseTheDeploymentKeyThroughS3"]).Condition.StringEquals["kms:ViaService"] == "s3.eu-west-1.amazonaws.com" &&
      length([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : statement if anytrue([for action in statement.Action : startswith(action, "kms:")])]) == 1
    )
    error_message = "KMS: decrypt and generate data keys with the deployment's key, through S3 only."
  }
}

run "database_prefix_is_written_into_the_sql" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    database_names = {
      raw        = "dev_raw"
      cleansed   = "dev_cleansed"
      quarantine = "dev_quarantine"
      curated    = "dev_curated"
    }
  }

  assert {
    condition = (
      strcontains(one(one(aws_quicksight_data_set.this["daily_active_users"].physical_table_map).custom_sql).sql_query, "FROM dev_curated.events_enriched") &&
      strcontains(one(one(aws_quicksight_data_set.this["duplicates_per_day"].physical_table_map).custom_sql).sql_query, "FROM dev_raw.events") &&
      strcontains(one(one(aws_quicksight_data_set.this["duplicates_per_day"].physical_table_map).custom_sql).sql_query, "FROM dev_cleansed.events") &&
      strcontains(one(one(aws_quicksight_data_set.this["duplicates_per_day"].physical_table_map).custom_sql).sql_query, "FROM dev_quarantine.records")
    )
    error_message = "With prefixed databases the datasets' SQL names the prefixed databases."
  }

  assert {
    condition = alltrue([for data_set in aws_quicksight_data_set.this : length(regexall(
      "(^|[^\\w.])(raw|cleansed|quarantine|curated)\\.", one(one(data_set.physical_table_map).custom_sql).sql_query
    )) == 0])
    error_message = "No dataset's SQL names an unprefixed database."
  }

  assert {
    condition = contains(one([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : statement.Resource if statement.Sid == "ReadTheTablesOfTheQueries"]), "arn:aws:glue:eu-west-1:123456789012:table/dev_curated/events_enriched") && !anytrue([
      for resource in one([for statement in jsondecode(aws_iam_policy.quicksight.policy).Statement : statement.Resource if statement.Sid == "ReadTheTablesOfTheQueries"]) : strcontains(resource, "database/curated")
    ])
    error_message = "Glue permissions name the prefixed databases."
  }
}

run "spice_refreshes_every_dataset" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    import_mode            = "SPICE"
    spice_refresh_interval = "DAILY"
  }

  assert {
    condition = (
      alltrue([for data_set in aws_quicksight_data_set.this : data_set.import_mode == "SPICE"]) &&
      toset(keys(aws_quicksight_refresh_schedule.this)) == toset(keys(aws_quicksight_data_set.this)) &&
      alltrue([for name, schedule in aws_quicksight_refresh_schedule.this : (
        schedule.data_set_id == aws_quicksight_data_set.this[name].data_set_id &&
        one(schedule.schedule).refresh_type == "FULL_REFRESH" &&
        one(one(schedule.schedule).schedule_frequency).interval == "DAILY"
      )])
    )
    error_message = "SPICE datasets are refreshed in full, each on the interval given."
  }
}

run "a_query_without_columns_is_refused" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  # events_per_type.sql has no entry in questions.tf.
  variables {
    queries_dir = "tests/fixtures/athena-queries"
  }

  expect_failures = [aws_quicksight_data_set.this]
}

run "a_column_the_query_lost_is_refused" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    queries_dir = "tests/fixtures/quicksight-drifted"
  }

  expect_failures = [aws_quicksight_data_set.this]
}

run "an_entry_without_its_query_is_refused" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    queries_dir = "tests/fixtures/quicksight-one-query"
  }

  expect_failures = [aws_quicksight_dashboard.this]
}

run "no_owner_is_refused" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    owner_arns  = []
    viewer_arns = []
  }

  expect_failures = [var.owner_arns]
}

run "an_iam_arn_as_owner_is_refused" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    owner_arns = ["arn:aws:iam::123456789012:user/data-engineer"]
  }

  expect_failures = [var.owner_arns]
}

run "an_owner_as_viewer_is_refused" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    viewer_arns = ["arn:aws:quicksight:us-east-1:123456789012:user/default/data-engineer"]
  }

  expect_failures = [var.viewer_arns]
}

run "a_principal_of_another_account_is_refused" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    viewer_arns = ["arn:aws:quicksight:us-east-1:210987654321:group/default/analysts"]
  }

  expect_failures = [aws_quicksight_data_source.athena]
}

run "unknown_import_mode_and_role_arn_are_refused" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    import_mode       = "EXTRACT"
    service_role_name = "arn:aws:iam::123456789012:role/service-role/aws-quicksight-service-role-v0"
  }

  expect_failures = [var.import_mode, var.service_role_name]
}

run "a_missing_zone_is_refused" {
  command = plan

  module {
    source = "./modules/quicksight"
  }

  variables {
    database_names = { raw = "raw", cleansed = "cleansed", curated = "curated" }
  }

  expect_failures = [var.database_names]
}
