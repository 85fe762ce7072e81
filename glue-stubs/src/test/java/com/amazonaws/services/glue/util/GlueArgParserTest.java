package com.amazonaws.services.glue.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.collection.JavaConverters;

/**
 * One row per rule of {@code getResolvedOptions} (awsglue/utils.py on CPython 3.11 argparse). A row
 * that resolves states the whole result; a row that fails states the parts of the message that name
 * the option and the problem.
 */
class GlueArgParserTest {

  private static final String DISABLE = "job-bookmark-disable";
  private static final String ENABLE = "job-bookmark-enable";
  private static final String PAUSE = "job-bookmark-pause";

  /**
   * A rule, the job's arguments, the requested options, and either the whole result or the parts of
   * the error message.
   */
  record Row(
      String rule,
      List<String> args,
      List<String> options,
      Map<String, String> resolved,
      List<String> errorParts) {

    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Row> rows() {
    return Stream.of(
        // Requested options
        resolves(
            "a requested option that is given is in the result",
            args("--JOB_NAME", "nightly", "--stage", "dev"),
            options("JOB_NAME", "stage"),
            result("JOB_NAME", "nightly", "stage", "dev")),
        fails(
            "a requested option that is missing is an error naming it",
            args("--JOB_NAME", "nightly"),
            options("JOB_NAME", "stage"),
            "the following arguments are required: --stage",
            "'--name value'"),
        fails(
            "all missing options are reported together, in the order requested",
            args(),
            options("stage", "JOB_NAME"),
            "the following arguments are required: --stage, --JOB_NAME"),
        resolves(
            "unknown options and stray values are ignored",
            args("stray", "--enable-metrics", "true", "--job-language", "scala", "--stage", "dev"),
            options("stage"),
            result("stage", "dev")),
        resolves(
            "nothing is requested: only the bookmark option, disabled",
            args("--stage", "dev"),
            options(),
            result()),

        // Argument forms
        resolves(
            "--name=value is the same as --name value",
            args("--stage=dev"),
            options("stage"),
            result("stage", "dev")),
        resolves(
            "a value may hold spaces",
            args("--query", "select * from t"),
            options("query"),
            result("query", "select * from t")),
        resolves(
            "a value may hold '=': only the first '=' of --name=value separates",
            args("--filter", "a=b", "--conf=spark.x=1"),
            options("filter", "conf"),
            result("filter", "a=b", "conf", "spark.x=1")),
        resolves(
            "a value may be empty",
            args("--prefix", "", "--suffix="),
            options("prefix", "suffix"),
            result("prefix", "", "suffix", "")),
        resolves(
            "a negative number is a value",
            args("--offset", "-5"),
            options("offset"),
            result("offset", "-5")),
        fails(
            "a value that looks like an option needs the = form",
            args("--stage", "-dev"),
            options("stage"),
            "argument --stage: expected one argument",
            "'--stage=value'"),
        resolves(
            "the = form takes a value that starts with '-'",
            args("--stage=-dev"),
            options("stage"),
            result("stage", "-dev")),
        resolves(
            "a repeated option: the last one wins",
            args("--stage", "dev", "--stage", "prod"),
            options("stage"),
            result("stage", "prod")),
        resolves(
            "a unique prefix abbreviates an option",
            args("--sta", "dev", "--Temp", "s3://tmp/"),
            options("stage"),
            result("stage", "dev", "TempDir", "s3://tmp/", "RedshiftTempDir", "s3://tmp/")),
        fails(
            "an ambiguous prefix is an error naming every option it could be",
            args("--job-bookmark", "x"),
            options(),
            "ambiguous option: --job-bookmark could match --job-bookmark-option,"
                + " --job-bookmark-from, --job-bookmark-to",
            "spell the option out in full"),
        fails(
            "after a lone --, nothing is an option",
            args("--", "--stage", "dev"),
            options("stage"),
            "the following arguments are required: --stage"),
        fails(
            "-h/--help is an error, not a usage text that ends the process",
            args("--stage", "dev", "--help"),
            options("stage"),
            "argument -h/--help: help requested"),

        // Argument positions: a JVM main gets no program name
        resolves(
            "the first argument is parsed, not skipped as a program name",
            args("--JOB_NAME", "nightly"),
            options("JOB_NAME"),
            result("JOB_NAME", "nightly")),
        resolves(
            "a leading program name, as in Python's sys.argv, is a stray value and ignored",
            args("medallion_ingest.py", "--JOB_NAME", "nightly"),
            options("JOB_NAME"),
            result("JOB_NAME", "nightly")),

        // Keys: dashes become underscores
        resolves(
            "dashes in Glue's option names become underscores in the keys",
            args("--encryption-type", "sse-s3", "--job-bookmark-option", ENABLE),
            options(),
            result("encryption_type", "sse-s3", "job_bookmark_option", ENABLE)),
        resolves(
            "dashes in a requested option's name become underscores in its key",
            args("--input-path", "s3://in/"),
            options("input-path"),
            result("input_path", "s3://in/")),
        fails(
            "an option requested with dashes is not given by its underscore spelling",
            args("--input_path", "s3://in/"),
            options("input-path"),
            "the following arguments are required: --input-path"),

        // --job-bookmark-option
        resolves("the bookmark option defaults to disable", args(), options(), result()),
        resolves(
            "bookmark option enable",
            args("--job-bookmark-option", ENABLE),
            options(),
            result("job_bookmark_option", ENABLE)),
        resolves(
            "bookmark option pause",
            args("--job-bookmark-option", PAUSE),
            options(),
            result("job_bookmark_option", PAUSE)),
        resolves(
            "bookmark option disable",
            args("--job-bookmark-option", DISABLE),
            options(),
            result("job_bookmark_option", DISABLE)),
        fails(
            "a bookmark option outside its choices is an error listing them",
            args("--job-bookmark-option", "job-bookmark-on"),
            options(),
            "argument --job-bookmark-option: invalid choice: 'job-bookmark-on' (choose from"
                + " 'job-bookmark-enable', 'job-bookmark-pause', 'job-bookmark-disable')"),

        // --continuation-option, the older name
        resolves(
            "continuation-enabled means enable",
            args("--continuation-option", "continuation-enabled"),
            options(),
            result("job_bookmark_option", ENABLE)),
        resolves(
            "continuation-readonly means pause",
            args("--continuation-option", "continuation-readonly"),
            options(),
            result("job_bookmark_option", PAUSE)),
        resolves(
            "continuation-ignore means disable",
            args("--continuation-option", "continuation-ignore"),
            options(),
            result("job_bookmark_option", DISABLE)),
        resolves(
            "--job-bookmark-option wins over --continuation-option",
            args("--continuation-option", "continuation-enabled", "--job-bookmark-option", DISABLE),
            options(),
            result("job_bookmark_option", DISABLE)),
        fails(
            "a continuation option outside its choices is an error",
            args("--continuation-option", "continuation-on"),
            options(),
            "argument --continuation-option: invalid choice: 'continuation-on'"),

        // --job-bookmark-from / --job-bookmark-to
        resolves(
            "pause with both ends of the range",
            args(
                "--job-bookmark-option",
                PAUSE,
                "--job-bookmark-from",
                "jr_1",
                "--job-bookmark-to",
                "jr_2"),
            options(),
            result(
                "job_bookmark_option",
                PAUSE,
                "job_bookmark_from",
                "jr_1",
                "job_bookmark_to",
                "jr_2")),
        fails(
            "pause with only --job-bookmark-from is an error naming --job-bookmark-to",
            args("--job-bookmark-option", PAUSE, "--job-bookmark-from", "jr_1"),
            options(),
            "Missing option or value for --job-bookmark-to"),
        fails(
            "pause with only --job-bookmark-to is an error naming --job-bookmark-from",
            args("--job-bookmark-option", PAUSE, "--job-bookmark-to", "jr_2"),
            options(),
            "Missing option or value for --job-bookmark-from"),
        fails(
            "a range with enable is an error",
            args(
                "--job-bookmark-option",
                ENABLE,
                "--job-bookmark-from",
                "jr_1",
                "--job-bookmark-to",
                "jr_2"),
            options(),
            "Invalid option(s) --job-bookmark-from --job-bookmark-to",
            "job-bookmark-pause"),
        fails(
            "a range with the default (disable) is an error",
            args("--job-bookmark-from", "jr_1", "--job-bookmark-to", "jr_2"),
            options(),
            "Invalid option(s) --job-bookmark-from --job-bookmark-to"),
        resolves(
            "one end of a range without pause passes, as in utils.py (it checks both ends only)",
            args("--job-bookmark-option", ENABLE, "--job-bookmark-from", "jr_1"),
            options(),
            result("job_bookmark_option", ENABLE, "job_bookmark_from", "jr_1")),

        // Reserved names
        fails(
            "requesting continuation-option is an error",
            args(),
            options("continuation-option"),
            "Using reserved arguments --continuation-option",
            "Remove \"continuation-option\""),
        fails(
            "requesting job-bookmark-option is an error",
            args(),
            options("job-bookmark-option"),
            "Using reserved arguments --job-bookmark-option",
            "Remove \"job-bookmark-option\""),
        fails(
            "requesting job-bookmark-from is an error",
            args(),
            options("job-bookmark-from"),
            "Using reserved arguments --job-bookmark-from"),
        fails(
            "requesting job-bookmark-to is an error",
            args(),
            options("job-bookmark-to"),
            "Using reserved arguments --job-bookmark-to"),
        fails(
            "requesting JOB_ID is an error",
            args("--JOB_ID", "j_1"),
            options("JOB_ID"),
            "Using reserved arguments --JOB_ID"),
        fails(
            "requesting JOB_RUN_ID is an error",
            args(),
            options("JOB_RUN_ID"),
            "Using reserved arguments --JOB_RUN_ID"),
        fails(
            "requesting SECURITY_CONFIGURATION is an error",
            args(),
            options("SECURITY_CONFIGURATION"),
            "Using reserved arguments --SECURITY_CONFIGURATION"),
        fails(
            "requesting encryption-type is an error",
            args(),
            options("encryption-type"),
            "Using reserved arguments --encryption-type"),
        resolves(
            "JOB_NAME is not reserved: scripts request it",
            args("--JOB_NAME", "nightly"),
            options("JOB_NAME"),
            result("JOB_NAME", "nightly")),
        resolves(
            "Glue's ids are in the result when given, without being requested",
            args("--JOB_ID", "j_1", "--JOB_RUN_ID", "jr_1", "--SECURITY_CONFIGURATION", "sc"),
            options(),
            result("JOB_ID", "j_1", "JOB_RUN_ID", "jr_1", "SECURITY_CONFIGURATION", "sc")),
        resolves(
            "JOB_NAME that is not requested is not in the result",
            args("--JOB_NAME", "nightly"),
            options(),
            result()),
        fails(
            "an encryption type other than sse-s3 is an error",
            args("--encryption-type", "sse-kms"),
            options(),
            "argument --encryption-type: invalid choice: 'sse-kms' (choose from 'sse-s3')"),

        // TempDir and RedshiftTempDir
        resolves(
            "TempDir requested but absent is not an error", args(), options("TempDir"), result()),
        resolves(
            "RedshiftTempDir requested but absent is not an error",
            args(),
            options("RedshiftTempDir"),
            result()),
        resolves(
            "TempDir given: RedshiftTempDir gets its value",
            args("--TempDir", "s3://tmp/"),
            options("TempDir"),
            result("TempDir", "s3://tmp/", "RedshiftTempDir", "s3://tmp/")),
        resolves(
            "RedshiftTempDir given: TempDir gets its value",
            args("--RedshiftTempDir", "s3://rs/"),
            options(),
            result("TempDir", "s3://rs/", "RedshiftTempDir", "s3://rs/")),
        resolves(
            "both given: TempDir wins",
            args("--RedshiftTempDir", "s3://rs/", "--TempDir", "s3://tmp/"),
            options(),
            result("TempDir", "s3://tmp/", "RedshiftTempDir", "s3://tmp/")),

        // Requested names
        fails(
            "an option requested twice is a conflict",
            args("--stage", "dev"),
            options("stage", "stage"),
            "argument --stage: conflicting option string: --stage"),
        fails(
            "requesting help conflicts with argparse's own --help",
            args(),
            options("help"),
            "argument --help: conflicting option string: --help"),
        fails(
            "an empty option name is an error",
            args(),
            options(""),
            "dest= is required for options like '--'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void resolvesAsUtilsPy(Row row) {
    String[] args = row.args().toArray(new String[0]);
    String[] options = row.options().toArray(new String[0]);
    if (row.resolved() != null) {
      assertThat(resolve(args, options)).isEqualTo(row.resolved());
    } else {
      assertThatThrownBy(() -> GlueArgParser.getResolvedOptions(args, options))
          .isInstanceOf(GlueArgumentError.class)
          .message()
          .contains(row.errorParts());
    }
  }

  @Test
  void aNullOptionNameIsAnError() {
    assertThatThrownBy(
            () -> GlueArgParser.getResolvedOptions(new String[0], new String[] {"stage", null}))
        .isInstanceOf(GlueArgumentError.class)
        .hasMessageContaining("null");
  }

  @Test
  void theResultIsAnImmutableScalaMapLikeTheRealOne() {
    scala.collection.immutable.Map<String, String> resolved =
        GlueArgParser.getResolvedOptions(
            new String[] {"--JOB_NAME", "nightly"}, new String[] {"JOB_NAME"});

    assertThat(resolved.apply("JOB_NAME")).isEqualTo("nightly");
    assertThat(resolved.contains("TempDir")).isFalse();
  }

  private static Map<String, String> resolve(String[] args, String[] options) {
    return new LinkedHashMap<>(
        JavaConverters.mapAsJavaMap(GlueArgParser.getResolvedOptions(args, options)));
  }

  private static Row resolves(
      String rule, List<String> args, List<String> options, Map<String, String> resolved) {
    return new Row(rule, args, options, resolved, null);
  }

  private static Row fails(
      String rule, List<String> args, List<String> options, String... errorParts) {
    return new Row(rule, args, options, null, List.of(errorParts));
  }

  private static List<String> args(String... args) {
    return Arrays.asList(args);
  }

  private static List<String> options(String... options) {
    return Arrays.asList(options);
  }

  /** The whole expected result: these keys, and job_bookmark_option disabled unless given. */
  private static Map<String, String> result(String... keysAndValues) {
    Map<String, String> result = new LinkedHashMap<>();
    result.put("job_bookmark_option", DISABLE);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      result.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return result;
  }
}
