package dev.medallion.glue;

import com.amazonaws.services.glue.GlueContext;
import com.amazonaws.services.glue.util.GlueArgParser;
import com.amazonaws.services.glue.util.Job;
import dev.medallion.bookmark.BookmarkSettings;
import dev.medallion.config.ConfigException;
import dev.medallion.metrics.RunMetrics;
import dev.medallion.run.PendingRun;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.spark.Sessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.internal.StaticSQLConf;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * What every Glue entry point does, in the order of a Glue script: resolve the job's arguments,
 * build its configuration (before Spark starts, so that a wrong argument fails in a second), start
 * Spark through a {@link GlueContext}, {@code Job.init}, run the job up to its commit, {@code
 * Job.commit()}, and only then commit the job's own state, so that the job's bookmark moves only
 * when the run reaches {@code Job.commit()}, as a Glue bookmark does. Any failure propagates out of
 * {@code main}, which makes Glue mark the run FAILED; the run's state is then not committed and the
 * next run does it again from its plan.
 *
 * <p>Only the real Glue API is called: {@code GlueArgParser.getResolvedOptions}, {@code new
 * GlueContext(SparkContext)}, {@code getSparkSession}, {@code Job.init(name, context, map)} and
 * {@code Job.commit()}.
 *
 * @param <C> the job's configuration
 */
final class GlueEntryPoint<C> {
  /** The argument Glue passes with the job's name. */
  static final String JOB_NAME = "JOB_NAME";

  /** Builds a job's configuration from its resolved arguments. */
  @FunctionalInterface
  interface ConfigReader<C> {
    C read(Arguments args);
  }

  /** Runs a job up to its commit: {@code new XJob(spark, progress).prepare(config)}. */
  @FunctionalInterface
  interface Preparer<C> {
    PendingRun prepare(SparkSession spark, Progress progress, C config);
  }

  private final String job;
  private final List<String> required;
  private final List<String> optional;
  private final ConfigReader<C> configReader;
  private final Preparer<C> preparer;

  /**
   * @param job the Medallion job, as named in the lake's state and run summaries
   * @param required the options the job needs besides {@code JOB_NAME}, without {@code --}
   * @param optional the options it takes when given, without {@code --}
   */
  GlueEntryPoint(
      String job,
      List<String> required,
      List<String> optional,
      ConfigReader<C> configReader,
      Preparer<C> preparer) {
    this.job = job;
    this.required = List.copyOf(required);
    this.optional = List.copyOf(optional);
    this.configReader = configReader;
    this.preparer = preparer;
  }

  /** Runs the job as Glue runs a script: returns when the run is committed, throws otherwise. */
  RunSummary run(String[] sysArgs) {
    Arguments args = arguments(sysArgs);
    C config = config(args);

    SparkContext sparkContext = SparkContext.getOrCreate(sparkConf(job));
    GlueContext glueContext = new GlueContext(sparkContext);
    SparkSession spark = glueContext.getSparkSession();
    applyRequiredSettings(spark.conf());

    Job.init(args.jobName(), glueContext, args.forJobInit());
    long started = System.currentTimeMillis();
    try (PendingRun pending = preparer.prepare(spark, Progress.to(System.out, job), config)) {
      Job.commit();
      RunSummary summary = pending.commit();
      System.out.print(RunSummaries.render(summary));
      System.out.println(RunMetrics.emf(summary));
      return summary;
    } catch (RuntimeException e) {
      // The run's own summary is in the lake; the metric line is what the alarms watch.
      System.out.println(
          RunMetrics.emf(
              new RunSummary(
                  job,
                  args.jobName(),
                  0,
                  RunSummary.FAILED,
                  java.time.Instant.ofEpochMilli(started).toString(),
                  System.currentTimeMillis() - started,
                  java.util.Map.of(),
                  java.util.Map.of(),
                  java.util.Map.of(),
                  null,
                  String.valueOf(e.getMessage()),
                  null)));
      throw e;
    }
  }

  /** Resolves the job's arguments; see {@link Arguments}. */
  Arguments arguments(String[] sysArgs) {
    return Arguments.resolve(sysArgs, required, optional);
  }

  /** The job's configuration, checked: a wrong value throws, naming its option. */
  C config(Arguments args) {
    return configReader.read(args);
  }

  /**
   * The configuration Spark starts with when this entry point starts it: what Glue or spark-submit
   * set (the {@code spark.*} system properties), else a local session, and the settings the jobs
   * need where nothing else was given. When Spark already runs, it is used as it is, and {@link
   * #applyRequiredSettings} checks it.
   */
  static SparkConf sparkConf(String job) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      Sessions.LOCAL_DEFAULTS.forEach(conf::setIfMissing);
    }
    Sessions.REQUIRED.forEach(conf::setIfMissing);
    conf.setIfMissing("spark.app.name", "medallion " + job);
    return conf;
  }

  /**
   * Gives the running session what the jobs need ({@link Sessions#REQUIRED}). A setting Spark only
   * reads at start (the Delta SQL extension) cannot be given now: when it is missing, this fails
   * and says which job parameters to set.
   */
  static void applyRequiredSettings(RuntimeConfig conf) {
    UnaryOperator<String> current =
        key -> {
          Option<String> value = conf.getOption(key);
          return value.isDefined() ? value.get() : null;
        };
    List<String> missing = missingStaticSettings(current);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Spark started without settings Medallion needs ("
              + String.join(", ", missing)
              + "): these are read once, when Spark starts, and cannot be changed by the job. On"
              + " AWS Glue set the job parameters --datalake-formats delta and --conf "
              + DELTA_CONF
              + "; with spark-submit pass the same --conf settings.");
    }
    Sessions.REQUIRED.forEach(
        (key, value) -> {
          if (!value.equals(current.apply(key))) {
            // Not isModifiable(): it is false for Delta's settings, which Spark does not register.
            conf.set(key, value);
          }
        });
  }

  /** The job parameter {@code --conf} value that enables Delta, as the Glue documentation gives. */
  static final String DELTA_CONF =
      "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension"
          + " --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog";

  /** The required settings Spark reads only at start that the session lacks, as key=value. */
  static List<String> missingStaticSettings(UnaryOperator<String> current) {
    // isStaticConfigKey knows a static setting once its object registered it, as Spark's start
    // does.
    StaticSQLConf.SPARK_SESSION_EXTENSIONS();
    List<String> missing = new ArrayList<>();
    Sessions.REQUIRED.forEach(
        (key, value) -> {
          if (SQLConf.isStaticConfigKey(key) && !satisfies(key, current.apply(key), value)) {
            missing.add(key + "=" + value);
          }
        });
    missing.sort(null);
    return missing;
  }

  /** Whether a setting has the required value; the extensions are a list that must include it. */
  private static boolean satisfies(String key, String current, String required) {
    if (current == null) {
      return false;
    }
    if (key.equals("spark.sql.extensions")) {
      return Arrays.stream(current.split(",")).map(String::trim).anyMatch(required::equals);
    }
    return current.equals(required);
  }

  /**
   * A job's arguments as Glue resolves them: the required ones, and the optional ones that were
   * given, through one {@code GlueArgParser.getResolvedOptions} call, so that both follow Glue's
   * rules ({@code --name value} or {@code --name=value}, the last one wins). An optional option is
   * requested only when the arguments hold it, the way Glue scripts read optional arguments.
   */
  static final class Arguments {
    private final Map<String, String> byKey;

    private Arguments(scala.collection.immutable.Map<String, String> resolved) {
      this.byKey = JavaConverters.mapAsJavaMap(resolved);
    }

    /**
     * @throws RuntimeException from {@code getResolvedOptions} when an option is missing or has no
     *     value; the message names it
     */
    static Arguments resolve(String[] sysArgs, List<String> required, List<String> optional) {
      List<String> requested = new ArrayList<>();
      requested.add(JOB_NAME);
      requested.addAll(required);
      for (String name : optional) {
        if (given(sysArgs, name)) {
          requested.add(name);
        }
      }
      return new Arguments(
          GlueArgParser.getResolvedOptions(sysArgs, requested.toArray(String[]::new)));
    }

    /** Whether {@code --name} is among the arguments, alone or as {@code --name=value}. */
    static boolean given(String[] sysArgs, String name) {
      String option = option(name);
      return Arrays.stream(sysArgs).anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
    }

    String jobName() {
      return byKey.get(JOB_NAME);
    }

    /** A resolved value by option name (dashes and all); null when it was not given. */
    String get(String name) {
      return byKey.get(key(name));
    }

    Optional<String> optional(String name) {
      return Optional.ofNullable(get(name));
    }

    /** An optional {@code true}/{@code false} option; false when absent. */
    boolean booleanOption(String name) {
      String value = get(name);
      if (value == null) {
        return false;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default ->
            throw new ConfigException(
                option(name),
                "'" + value + "' is not true or false",
                "pass " + option(name) + " true, or leave it out (false)");
      };
    }

    /**
     * The bookmark arguments. Glue's parser always yields {@code job_bookmark_option}: when the job
     * has none, it is {@code job-bookmark-disable}, as on Glue.
     */
    BookmarkSettings bookmark() {
      return BookmarkSettings.parse(
          get(BookmarkSettings.OPTION_FLAG.substring(2)),
          get(BookmarkSettings.FROM_FLAG.substring(2)),
          get(BookmarkSettings.TO_FLAG.substring(2)));
    }

    /** The resolved arguments for {@code Job.init}, as a Glue Scala script passes them. */
    Map<String, String> forJobInit() {
      return byKey;
    }

    /** argparse's key for an option: its dashes become underscores. */
    private static String key(String name) {
      return name.replace('-', '_');
    }
  }

  /** The option as written on the command line: {@code --name}. */
  static String option(String name) {
    return "--" + name;
  }
}
