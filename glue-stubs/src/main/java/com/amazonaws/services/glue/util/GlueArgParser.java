package com.amazonaws.services.glue.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import scala.Tuple2;

/**
 * Local stand-in for {@code com.amazonaws.services.glue.util.GlueArgParser} of the AWS Glue 5.0
 * library, with the same binary signature for {@link #getResolvedOptions}. This module is a
 * provided dependency: on Glue the real class is on the class path and takes over.
 *
 * <p>AWS documents the Scala parser as strictly consistent with {@code getResolvedOptions} of the
 * Python library ({@code awsglue/utils.py}), so this is a port of that function's rules on top of
 * CPython 3.11's argparse (see {@link OptionParser}):
 *
 * <ul>
 *   <li>every requested option is required, given as {@code --name value} or {@code --name=value};
 *       other arguments are ignored (except Glue's own, below); when an option is repeated, the
 *       last one wins;
 *   <li>the result key is the option name with its dashes turned into underscores: {@code
 *       --job-bookmark-option} gives {@code job_bookmark_option}, a requested {@code my-opt} gives
 *       {@code my_opt};
 *   <li>{@code --job-bookmark-option} takes {@code job-bookmark-enable}, {@code job-bookmark-pause}
 *       or {@code job-bookmark-disable}, and is always in the result: when absent it comes from the
 *       older {@code --continuation-option} ({@code continuation-enabled}, {@code
 *       continuation-readonly}, {@code continuation-ignore}, by position), and without either it is
 *       {@code job-bookmark-disable};
 *   <li>{@code --job-bookmark-from} and {@code --job-bookmark-to}: with pause, both or neither;
 *       without pause, not both (one alone passes, as in the Python library);
 *   <li>{@code --JOB_ID}, {@code --JOB_RUN_ID}, {@code --SECURITY_CONFIGURATION} and {@code
 *       --encryption-type} (only {@code sse-s3}) are read when given; these and the bookmark
 *       options are reserved: requesting one is an error. {@code JOB_NAME} is not reserved;
 *   <li>{@code TempDir} and {@code RedshiftTempDir} are never required, even when requested; when
 *       one is given, the other gets its value ({@code TempDir} wins when both are).
 * </ul>
 *
 * <p>Differences from the Python function:
 *
 * <ul>
 *   <li>every element of {@code args} is parsed: a JVM {@code main} receives no program name, and
 *       the real Scala parser reads {@code main}'s arguments as they are (Glue Scala scripts pass
 *       {@code sysArgs} straight in, and scripts run locally against the real library pass {@code
 *       --JOB_NAME} first). A leading program name, as in Python's {@code sys.argv}, is a stray
 *       value and ignored;
 *   <li>an option that was not given is absent from the map (Python returns it with {@code None});
 *   <li>every failure is a {@link GlueArgumentError} (Python raises {@code RuntimeError} for the
 *       reserved-name and bookmark-range checks), and {@code -h/--help} is an error rather than
 *       printing the usage and ending the process.
 * </ul>
 *
 * <p>The real object's {@code initParser}, which returns a parser type of the Glue library, is not
 * stubbed.
 */
public final class GlueArgParser {

  static final String JOB_BOOKMARK_OPTION = "--job-bookmark-option";
  static final String BOOKMARK_ENABLE = "job-bookmark-enable";
  static final String BOOKMARK_PAUSE = "job-bookmark-pause";
  static final String BOOKMARK_DISABLE = "job-bookmark-disable";

  /** The option, then its values; a continuation value maps to the bookmark value at its index. */
  static final List<String> BOOKMARK_OPTIONS =
      List.of(JOB_BOOKMARK_OPTION, BOOKMARK_ENABLE, BOOKMARK_PAUSE, BOOKMARK_DISABLE);

  private static final List<String> CONTINUATION_OPTIONS =
      List.of(
          "--continuation-option",
          "continuation-enabled",
          "continuation-readonly",
          "continuation-ignore");

  static final String JOB_BOOKMARK_FROM = "--job-bookmark-from";
  static final String JOB_BOOKMARK_TO = "--job-bookmark-to";
  private static final List<String> BOOKMARK_RANGE_OPTIONS =
      List.of(JOB_BOOKMARK_FROM, JOB_BOOKMARK_TO);

  /** Glue's id parameters; the first, JOB_NAME, is the one a script may request. */
  private static final List<String> ID_PARAMS =
      List.of("--JOB_NAME", "--JOB_ID", "--JOB_RUN_ID", "--SECURITY_CONFIGURATION");

  private static final List<String> ENCRYPTION_TYPE_OPTIONS =
      List.of("--encryption-type", "sse-s3");

  private static final String TEMP_DIR = "TempDir";
  private static final String REDSHIFT_TEMP_DIR = "RedshiftTempDir";

  /** Result keys. */
  static final String BOOKMARK_OPTION_KEY = key(JOB_BOOKMARK_OPTION);

  static final String BOOKMARK_FROM_KEY = key(JOB_BOOKMARK_FROM);
  static final String BOOKMARK_TO_KEY = key(JOB_BOOKMARK_TO);

  private GlueArgParser() {}

  /**
   * Resolves the job's arguments.
   *
   * @param args the job's arguments, as Glue passes them to {@code main}
   * @param options the names of the options the script needs, without {@code --}
   * @return every option given that the parser knows (the requested ones, Glue's reserved ones,
   *     {@code TempDir} and {@code RedshiftTempDir}) by its key, plus {@code job_bookmark_option}
   * @throws GlueArgumentError when the arguments do not resolve; the message names the option
   */
  public static scala.collection.immutable.Map<String, String> getResolvedOptions(
      String[] args, String[] options) {
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(options, "options");
    List<String> requested = Arrays.asList(options);
    if (requested.contains(null)) {
      throw new GlueArgumentError(
          "A requested option name is null: getResolvedOptions needs each option's name, such as"
              + " \"JOB_NAME\". Remove the null from the requested options.");
    }
    OptionParser parser = new OptionParser();

    rejectIfRequested(
        requested,
        CONTINUATION_OPTIONS.get(0),
        "its value reaches the result as \"" + BOOKMARK_OPTION_KEY + "\".");
    rejectIfRequested(
        requested,
        JOB_BOOKMARK_OPTION,
        "the result always holds its value under \"" + BOOKMARK_OPTION_KEY + "\".");
    parser.addOption(JOB_BOOKMARK_OPTION, BOOKMARK_OPTIONS.subList(1, 4), false);
    parser.addOption(CONTINUATION_OPTIONS.get(0), CONTINUATION_OPTIONS.subList(1, 4), false);

    for (String option : BOOKMARK_RANGE_OPTIONS) {
      rejectIfRequested(requested, option, inResultWhenGiven(option));
      parser.addOption(option, null, false);
    }
    for (String option : ID_PARAMS.subList(1, ID_PARAMS.size())) {
      rejectIfRequested(requested, option, inResultWhenGiven(option));
      parser.addOption(option, null, false);
    }
    rejectIfRequested(
        requested,
        ENCRYPTION_TYPE_OPTIONS.get(0),
        inResultWhenGiven(ENCRYPTION_TYPE_OPTIONS.get(0)));
    parser.addOption(
        ENCRYPTION_TYPE_OPTIONS.get(0),
        ENCRYPTION_TYPE_OPTIONS.subList(1, ENCRYPTION_TYPE_OPTIONS.size()),
        false);

    // Not every job has a temporary directory: never required, whether requested or not.
    parser.addOption("--" + REDSHIFT_TEMP_DIR, null, false);
    parser.addOption("--" + TEMP_DIR, null, false);
    for (String option : requested) {
      if (!option.equals(TEMP_DIR) && !option.equals(REDSHIFT_TEMP_DIR)) {
        parser.addOption("--" + option, null, true);
      }
    }

    Map<String, String> parsed = parser.parseKnownArgs(Arrays.asList(args));

    if (parsed.get(TEMP_DIR) != null) {
      parsed.put(REDSHIFT_TEMP_DIR, parsed.get(TEMP_DIR));
    } else if (parsed.get(REDSHIFT_TEMP_DIR) != null) {
      parsed.put(TEMP_DIR, parsed.get(REDSHIFT_TEMP_DIR));
    }

    // --job-bookmark-option wins; the older --continuation-option only fills in for it.
    String continuation = parsed.remove(key(CONTINUATION_OPTIONS.get(0)));
    if (parsed.get(BOOKMARK_OPTION_KEY) == null) {
      String bookmark = BOOKMARK_DISABLE;
      if (continuation != null) {
        int position = CONTINUATION_OPTIONS.indexOf(continuation);
        if (position < 0) {
          // Only reachable when a requested option's key collides with continuation_option.
          throw new GlueArgumentError(
              OptionParser.repr(continuation)
                  + " is not a --continuation-option value: use one of "
                  + String.join(", ", CONTINUATION_OPTIONS.subList(1, 4))
                  + ", or --job-bookmark-option.");
        }
        bookmark = BOOKMARK_OPTIONS.get(position);
      }
      parsed.put(BOOKMARK_OPTION_KEY, bookmark);
    }

    List<String> absentRange = new ArrayList<>();
    for (String option : BOOKMARK_RANGE_OPTIONS) {
      if (parsed.get(key(option)) == null) {
        absentRange.add(option);
      }
    }
    if (BOOKMARK_PAUSE.equals(parsed.get(BOOKMARK_OPTION_KEY))) {
      if (absentRange.size() == 1) {
        throw new GlueArgumentError(
            "Missing option or value for "
                + absentRange.get(0)
                + ": a bookmark range with "
                + JOB_BOOKMARK_OPTION
                + " "
                + BOOKMARK_PAUSE
                + " needs both "
                + JOB_BOOKMARK_FROM
                + " and "
                + JOB_BOOKMARK_TO
                + " (run ids). Pass "
                + absentRange.get(0)
                + " too, or neither to pause without a range.");
      }
    } else if (absentRange.isEmpty()) {
      throw new GlueArgumentError(
          "Invalid option(s) "
              + String.join(" ", BOOKMARK_RANGE_OPTIONS)
              + ": a bookmark range is only valid with "
              + JOB_BOOKMARK_OPTION
              + " "
              + BOOKMARK_PAUSE
              + ", and the job runs with "
              + parsed.get(BOOKMARK_OPTION_KEY)
              + ". Pass "
              + JOB_BOOKMARK_OPTION
              + " "
              + BOOKMARK_PAUSE
              + ", or drop the range.");
    }

    scala.collection.immutable.Map<String, String> result =
        scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> entry : parsed.entrySet()) {
      if (entry.getValue() != null) {
        result = result.$plus(new Tuple2<>(entry.getKey(), entry.getValue()));
      }
    }
    return result;
  }

  /** Glue passes these options itself, so a script may not declare them as its own. */
  private static void rejectIfRequested(List<String> requested, String option, String instead) {
    String name = option.substring(2);
    if (requested.contains(name)) {
      throw new GlueArgumentError(
          "Using reserved arguments "
              + option
              + ": Glue passes "
              + option
              + " itself, so a script may not request it. Remove \""
              + name
              + "\" from the requested options; "
              + instead);
    }
  }

  private static String inResultWhenGiven(String option) {
    return "when given, the result holds it under \"" + key(option) + "\".";
  }

  /** argparse's destination for an option: no leading dashes, other dashes as underscores. */
  private static String key(String option) {
    return option.substring(2).replace('-', '_');
  }
}
