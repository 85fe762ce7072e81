# QuickSight over the lake: an Athena data source in the deployment's workgroup, one custom SQL
# dataset per question (athena/queries/<name>.sql, the same files the catalog module saves as named
# queries), and one dashboard with a sheet per question: its chart, its rows, and filters on date,
# event type and country where the answer has those columns. IAM is in iam.tf, the columns of each
# question in questions.tf.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  # The questions: every <name>.sql of queries_dir, by name, and the file's text.
  files = { for file in fileset(var.queries_dir, "*.sql") : trimsuffix(file, ".sql") => file }
  texts = { for name, file in local.files : name => file("${var.queries_dir}/${file}") }
  names = sort(keys(local.files))

  # The statement without its whole-line comments: QuickSight wraps custom SQL in a subquery, where
  # a comment could swallow what follows it on the same line.
  statements = { for name, text in local.texts : name => trimspace(replace(text, "/(?m)^[ \\t]*--[^\\n]*(\\n|$)/", "")) }

  # The queries name tables zone.table (cleansed.events); the Glue databases are the zones' names,
  # with the catalog's database_prefix when one is set. Each zone name followed by a dot, and not
  # itself part of a longer name, becomes its database's name. The replacement starts with the
  # prefix (letters, digits, underscores), so a later zone's pattern never matches inside it.
  zone_pattern = "(^|[^\\w.])%s\\."
  sql = {
    for name, statement in local.statements : name => replace(replace(replace(replace(statement,
      "/${format(local.zone_pattern, "raw")}/", "$${1}${var.database_names["raw"]}."),
      "/${format(local.zone_pattern, "cleansed")}/", "$${1}${var.database_names["cleansed"]}."),
      "/${format(local.zone_pattern, "quarantine")}/", "$${1}${var.database_names["quarantine"]}."),
    "/${format(local.zone_pattern, "curated")}/", "$${1}${var.database_names["curated"]}.")
  }

  # The tables each query reads (zone.table), from its statement: what the IAM policy lets
  # QuickSight read.
  table_pattern = "(?:^|[^\\w.])(raw|cleansed|quarantine|curated)\\.([A-Za-z_][A-Za-z0-9_]*)"
  tables_read   = { for name, statement in local.statements : name => distinct([for match in regexall(local.table_pattern, statement) : "${match[0]}.${match[1]}"]) }

  # From questions.tf; a file without an entry gets no columns and no chart, and the precondition
  # of its dataset says what is missing.
  columns = { for name in local.names : name => try(local.questions[name].columns, []) }
  charts  = { for name in local.names : name => try(local.questions[name].chart, null) }
  types   = { for name in local.names : name => { for column in local.columns[name] : column.name => column.type } }

  # "daily_active_users" -> "Daily active users".
  titles = { for name in local.names : name => "${upper(substr(name, 0, 1))}${replace(substr(name, 1, -1), "_", " ")}" }

  # A question's description: the file's leading comment up to its "Reads:" line.
  header_lines = {
    for name, text in local.texts : name => [
      for line in split("\n", regex("^(?:[ \\t]*--[^\\n]*\\n)*", text)) : trimspace(trimprefix(trimspace(line), "--")) if trimspace(line) != ""
    ]
  }
  descriptions = {
    for name, lines in local.header_lines : name => join(" ", slice(lines, 0, try(index([for line in lines : startswith(line, "Reads:")], true), length(lines))))
  }

  # One filter per column a viewer narrows the answer by: a date range on every DATETIME column, a
  # list of values on event_type and on country. Each applies to its question's sheet.
  filtered_columns = ["event_type", "country"]
  filters = flatten([
    for name in local.names : [
      for column in local.columns[name] : {
        id       = "${name}-${column.name}"
        question = name
        column   = column.name
        kind     = column.type == "DATETIME" ? "DATE_RANGE" : "VALUES"
        title    = "${upper(substr(column.name, 0, 1))}${replace(substr(column.name, 1, -1), "_", " ")}"
      } if column.type == "DATETIME" || contains(local.filtered_columns, column.name)
    ]
  ])

  # Lower bound of the date filters: before any data, so that a dashboard opens on everything.
  dates_from = "2000-01-01T00:00:00Z"

  data_source_owner_actions = [
    "quicksight:DescribeDataSource",
    "quicksight:DescribeDataSourcePermissions",
    "quicksight:PassDataSource",
    "quicksight:UpdateDataSource",
    "quicksight:DeleteDataSource",
    "quicksight:UpdateDataSourcePermissions",
  ]
  data_set_owner_actions = [
    "quicksight:DescribeDataSet",
    "quicksight:DescribeDataSetPermissions",
    "quicksight:PassDataSet",
    "quicksight:DescribeIngestion",
    "quicksight:ListIngestions",
    "quicksight:UpdateDataSet",
    "quicksight:DeleteDataSet",
    "quicksight:CreateIngestion",
    "quicksight:CancelIngestion",
    "quicksight:UpdateDataSetPermissions",
  ]
  dashboard_viewer_actions = [
    "quicksight:DescribeDashboard",
    "quicksight:ListDashboardVersions",
    "quicksight:QueryDashboard",
  ]
  dashboard_owner_actions = concat(local.dashboard_viewer_actions, [
    "quicksight:UpdateDashboard",
    "quicksight:DeleteDashboard",
    "quicksight:DescribeDashboardPermissions",
    "quicksight:UpdateDashboardPermissions",
    "quicksight:UpdateDashboardPublishedVersion",
  ])

  principals = concat(var.owner_arns, var.viewer_arns)
}

resource "aws_quicksight_data_source" "athena" {
  data_source_id = "${var.name_prefix}-athena"
  name           = "${var.name_prefix} (Athena workgroup ${var.athena_workgroup_name})"
  type           = "ATHENA"

  parameters {
    athena {
      work_group = var.athena_workgroup_name
    }
  }

  dynamic "permission" {
    for_each = toset(var.owner_arns)

    content {
      principal = permission.value
      actions   = local.data_source_owner_actions
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = alltrue([for arn in local.principals : split(":", arn)[4] == local.account_id])
      error_message = "owner_arns and viewer_arns must be QuickSight users or groups of this account (${local.account_id}): ${join(", ", [for arn in local.principals : arn if split(":", arn)[4] != local.account_id])}."
    }
  }
}

resource "aws_quicksight_data_set" "this" {
  for_each = local.files

  data_set_id = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  name        = "${var.name_prefix} ${each.key}"
  import_mode = var.import_mode

  physical_table_map {
    physical_table_map_id = "query"

    custom_sql {
      data_source_arn = aws_quicksight_data_source.athena.arn
      name            = each.key
      sql_query       = local.sql[each.key]

      dynamic "columns" {
        for_each = local.columns[each.key]

        content {
          name = columns.value.name
          type = columns.value.type
        }
      }
    }
  }

  dynamic "permissions" {
    for_each = toset(var.owner_arns)

    content {
      principal = permissions.value
      actions   = local.data_set_owner_actions
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = can(regex("^[a-z][a-z0-9_]{0,49}$", each.key))
      error_message = "${var.queries_dir}/${each.value}: a question's file name must be snake_case (lower-case letters, digits, underscores; at most 50 characters before .sql): it names the dataset, the sheet and its filters."
    }

    precondition {
      condition     = contains(keys(local.questions), each.key)
      error_message = "${var.queries_dir}/${each.value} has no entry in terraform/modules/quicksight/questions.tf: add ${each.key} = { columns = [{ name = ..., type = ... }, ...], chart = ... } with the query's output columns (docs/deploy.md, QuickSight)."
    }

    precondition {
      condition     = alltrue([for column in local.columns[each.key] : length(regexall("\\b${column.name}\\b", local.statements[each.key])) > 0])
      error_message = "questions.tf declares columns of ${each.key} that ${each.value} does not mention: ${join(", ", [for column in local.columns[each.key] : column.name if length(regexall("\\b${column.name}\\b", local.statements[each.key])) == 0])}. Declare the query's output columns as its SELECT names them."
    }

    precondition {
      condition     = alltrue([for column in local.columns[each.key] : contains(["STRING", "INTEGER", "DECIMAL", "DATETIME", "BIT", "BOOLEAN", "JSON"], column.type)])
      error_message = "questions.tf: a column of ${each.key} has a type QuickSight does not know; use STRING, INTEGER, DECIMAL, DATETIME or BOOLEAN."
    }

    precondition {
      condition     = alltrue([for table in local.tables_read[each.key] : contains(keys(var.table_locations), table)])
      error_message = "${each.value} reads tables that are not in the Glue catalog: ${join(", ", [for table in local.tables_read[each.key] : table if !contains(keys(var.table_locations), table)])} (catalog/tables.json has ${join(", ", sort(keys(var.table_locations)))})."
    }
  }
}

# SPICE keeps a copy of each answer; it is refreshed in full from Athena every interval. Direct
# queries need no refresh.
resource "aws_quicksight_refresh_schedule" "this" {
  for_each = var.import_mode == "SPICE" ? local.files : {}

  data_set_id = aws_quicksight_data_set.this[each.key].data_set_id
  schedule_id = "${var.name_prefix}-${replace(each.key, "_", "-")}-refresh"

  schedule {
    refresh_type = "FULL_REFRESH"

    schedule_frequency {
      interval = var.spice_refresh_interval
    }
  }
}

resource "aws_quicksight_dashboard" "this" {
  dashboard_id        = var.name_prefix
  name                = "Medallion ${var.name_prefix}"
  version_description = "One sheet per athena/queries/*.sql: ${join(", ", local.names)}"

  definition {
    dynamic "data_set_identifiers_declarations" {
      for_each = local.names
      iterator = name

      content {
        identifier   = name.value
        data_set_arn = aws_quicksight_data_set.this[name.value].arn
      }
    }

    # A sheet per question: its chart (if questions.tf names one) above the table of its rows.
    dynamic "sheets" {
      for_each = local.names
      iterator = sheet

      content {
        sheet_id    = sheet.value
        name        = local.titles[sheet.value]
        description = local.descriptions[sheet.value] == "" ? null : substr(local.descriptions[sheet.value], 0, 1000)

        dynamic "visuals" {
          for_each = local.charts[sheet.value] == null ? [] : [local.charts[sheet.value]]
          iterator = chart

          content {
            dynamic "line_chart_visual" {
              for_each = chart.value.type == "LINE" ? [chart.value] : []
              iterator = line

              content {
                visual_id = "${sheet.value}-chart"

                title {
                  format_text {
                    plain_text = local.titles[sheet.value]
                  }
                }

                dynamic "subtitle" {
                  for_each = local.descriptions[sheet.value] == "" ? [] : [substr(local.descriptions[sheet.value], 0, 1000)]

                  content {
                    format_text {
                      plain_text = subtitle.value
                    }
                  }
                }

                chart_configuration {
                  field_wells {
                    line_chart_aggregated_field_wells {
                      category {
                        date_dimension_field {
                          field_id         = "${sheet.value}-chart-${line.value.category}"
                          date_granularity = "DAY"

                          column {
                            data_set_identifier = sheet.value
                            column_name         = line.value.category
                          }
                        }
                      }

                      dynamic "values" {
                        for_each = line.value.values

                        content {
                          numerical_measure_field {
                            field_id = "${sheet.value}-chart-${values.value}"

                            column {
                              data_set_identifier = sheet.value
                              column_name         = values.value
                            }

                            aggregation_function {
                              simple_numerical_aggregation = "SUM"
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }

            dynamic "bar_chart_visual" {
              for_each = chart.value.type == "BAR" ? [chart.value] : []
              iterator = bar

              content {
                visual_id = "${sheet.value}-chart"

                title {
                  format_text {
                    plain_text = local.titles[sheet.value]
                  }
                }

                dynamic "subtitle" {
                  for_each = local.descriptions[sheet.value] == "" ? [] : [substr(local.descriptions[sheet.value], 0, 1000)]

                  content {
                    format_text {
                      plain_text = subtitle.value
                    }
                  }
                }

                chart_configuration {
                  orientation = "HORIZONTAL"

                  field_wells {
                    bar_chart_aggregated_field_wells {
                      category {
                        dynamic "categorical_dimension_field" {
                          for_each = lookup(local.types[sheet.value], bar.value.category, "STRING") == "STRING" ? [bar.value.category] : []

                          content {
                            field_id = "${sheet.value}-chart-${categorical_dimension_field.value}"

                            column {
                              data_set_identifier = sheet.value
                              column_name         = categorical_dimension_field.value
                            }
                          }
                        }

                        dynamic "date_dimension_field" {
                          for_each = lookup(local.types[sheet.value], bar.value.category, "STRING") == "DATETIME" ? [bar.value.category] : []

                          content {
                            field_id         = "${sheet.value}-chart-${date_dimension_field.value}"
                            date_granularity = "DAY"

                            column {
                              data_set_identifier = sheet.value
                              column_name         = date_dimension_field.value
                            }
                          }
                        }
                      }

                      dynamic "values" {
                        for_each = bar.value.values

                        content {
                          numerical_measure_field {
                            field_id = "${sheet.value}-chart-${values.value}"

                            column {
                              data_set_identifier = sheet.value
                              column_name         = values.value
                            }

                            aggregation_function {
                              simple_numerical_aggregation = "SUM"
                            }
                          }
                        }
                      }
                    }
                  }

                  # The largest first, as the queries order them.
                  sort_configuration {
                    category_sort {
                      field_sort {
                        field_id  = "${sheet.value}-chart-${try(bar.value.values[0], "")}"
                        direction = "DESC"
                      }
                    }
                  }
                }
              }
            }
          }
        }

        # Every row of the answer: with a line chart newest first, with a bar chart largest first.
        visuals {
          table_visual {
            visual_id = "${sheet.value}-table"

            title {
              format_text {
                plain_text = "${local.titles[sheet.value]}: rows"
              }
            }

            dynamic "subtitle" {
              for_each = local.charts[sheet.value] == null && local.descriptions[sheet.value] != "" ? [substr(local.descriptions[sheet.value], 0, 1000)] : []

              content {
                format_text {
                  plain_text = subtitle.value
                }
              }
            }

            chart_configuration {
              field_wells {
                table_unaggregated_field_wells {
                  dynamic "values" {
                    for_each = local.columns[sheet.value]

                    content {
                      field_id = "${sheet.value}-table-${values.value.name}"

                      column {
                        data_set_identifier = sheet.value
                        column_name         = values.value.name
                      }
                    }
                  }
                }
              }

              dynamic "sort_configuration" {
                for_each = local.charts[sheet.value] == null ? [] : [local.charts[sheet.value]]
                iterator = chart

                content {
                  row_sort {
                    field_sort {
                      field_id  = "${sheet.value}-table-${chart.value.type == "LINE" ? chart.value.category : try(chart.value.values[0], "")}"
                      direction = "DESC"
                    }
                  }
                }
              }
            }
          }
        }

        dynamic "filter_controls" {
          for_each = [for filter in local.filters : filter if filter.question == sheet.value]
          iterator = filter

          content {
            dynamic "date_time_picker" {
              for_each = filter.value.kind == "DATE_RANGE" ? [filter.value] : []

              content {
                filter_control_id = "${date_time_picker.value.id}-control"
                source_filter_id  = "${date_time_picker.value.id}-filter"
                title             = date_time_picker.value.title
                type              = "DATE_RANGE"
              }
            }

            dynamic "dropdown" {
              for_each = filter.value.kind == "VALUES" ? [filter.value] : []

              content {
                filter_control_id = "${dropdown.value.id}-control"
                source_filter_id  = "${dropdown.value.id}-filter"
                title             = dropdown.value.title
                type              = "MULTI_SELECT"
              }
            }
          }
        }

        layouts {
          configuration {
            grid_layout {
              canvas_size_options {
                screen_canvas_size_options {
                  resize_option = "RESPONSIVE"
                }
              }

              dynamic "elements" {
                for_each = concat(local.charts[sheet.value] == null ? [] : ["${sheet.value}-chart"], ["${sheet.value}-table"])

                content {
                  element_id   = elements.value
                  element_type = "VISUAL"
                  column_span  = 36
                  row_span     = 12
                }
              }
            }
          }
        }
      }
    }

    dynamic "filter_groups" {
      for_each = local.filters
      iterator = filter

      content {
        filter_group_id = filter.value.id
        cross_dataset   = "SINGLE_DATASET"
        status          = "ENABLED"

        scope_configuration {
          selected_sheets {
            sheet_visual_scoping_configurations {
              sheet_id = filter.value.question
              scope    = "ALL_VISUALS"
            }
          }
        }

        filters {
          dynamic "time_range_filter" {
            for_each = filter.value.kind == "DATE_RANGE" ? [filter.value] : []

            content {
              filter_id        = "${time_range_filter.value.id}-filter"
              null_option      = "ALL_VALUES"
              time_granularity = "DAY"
              include_minimum  = true

              column {
                data_set_identifier = time_range_filter.value.question
                column_name         = time_range_filter.value.column
              }

              range_minimum_value {
                static_value = local.dates_from
              }
            }
          }

          dynamic "category_filter" {
            for_each = filter.value.kind == "VALUES" ? [filter.value] : []

            content {
              filter_id = "${category_filter.value.id}-filter"

              column {
                data_set_identifier = category_filter.value.question
                column_name         = category_filter.value.column
              }

              configuration {
                filter_list_configuration {
                  match_operator     = "CONTAINS"
                  select_all_options = "FILTER_ALL_VALUES"
                }
              }
            }
          }
        }
      }
    }
  }

  dashboard_publish_options {
    ad_hoc_filtering_option {
      availability_status = "ENABLED"
    }

    export_to_csv_option {
      availability_status = "ENABLED"
    }

    sheet_controls_option {
      visibility_state = "EXPANDED"
    }
  }

  dynamic "permissions" {
    for_each = toset(var.owner_arns)

    content {
      principal = permissions.value
      actions   = local.dashboard_owner_actions
    }
  }

  dynamic "permissions" {
    for_each = toset(var.viewer_arns)

    content {
      principal = permissions.value
      actions   = local.dashboard_viewer_actions
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = length(local.names) >= 1 && length(local.names) <= 20
      error_message = "The dashboard has one sheet per .sql file of ${var.queries_dir}, and QuickSight allows 1 to 20 sheets; it has ${length(local.names)}."
    }

    precondition {
      condition     = length(setsubtract(keys(local.questions), local.names)) == 0
      error_message = "questions.tf has entries without a .sql file in ${var.queries_dir}: ${join(", ", sort(setsubtract(keys(local.questions), local.names)))}. Remove them (or restore the files)."
    }

    precondition {
      condition = alltrue([for name in local.names : local.charts[name] == null ? true : try(
        contains(["LINE", "BAR"], local.charts[name].type) &&
        length(local.charts[name].values) >= 1 &&
        alltrue([for column in local.charts[name].values : contains(["INTEGER", "DECIMAL"], local.types[name][column])]) &&
        contains(local.charts[name].type == "LINE" ? ["DATETIME"] : ["STRING", "DATETIME"], local.types[name][local.charts[name].category]),
        false
      )])
      error_message = "questions.tf: a chart must be LINE (its category a DATETIME column) or BAR (its category a STRING or DATETIME column), with at least one value; its category and values must be declared columns, its values INTEGER or DECIMAL."
    }
  }
}
