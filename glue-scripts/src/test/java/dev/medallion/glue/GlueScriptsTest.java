package dev.medallion.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Glue scripts of {@code src/main/glue}, compiled as Glue compiles them when a run starts (with
 * scalac of Glue 5.0's Scala, 2.12.18) against the entry points, then run: each must reach its
 * entry point, which here stops at the missing arguments, before Spark.
 */
class GlueScriptsTest {
  @TempDir static Path classes;
  static URLClassLoader loader;

  @BeforeAll
  static void compileTheScripts() throws Exception {
    List<String> args = new ArrayList<>();
    args.add("-classpath");
    args.add(location(IngestGlueJob.class) + File.pathSeparator + location(scala.Predef.class));
    args.add("-d");
    args.add(classes.toString());
    args.addAll(scripts());

    assertThat(scala.tools.nsc.Main.process(args.toArray(String[]::new)))
        .as("scalac %s (its messages are in this test's output file)", args)
        .isTrue();
    loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, GlueScriptsTest.class.getClassLoader());
  }

  private static List<String> scripts() throws Exception {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("medallion.glue.scripts")))) {
      return files.map(Path::toString).sorted().toList();
    }
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void thereIsOneScriptPerEntryPoint() throws Exception {
    assertThat(scripts())
        .extracting(s -> Path.of(s).getFileName().toString())
        .containsExactly(
            "CurateGlueScript.scala",
            "IngestGlueScript.scala",
            "LoadGlueScript.scala",
            "MaintenanceGlueScript.scala",
            "StreamGlueScript.scala");
  }

  @ParameterizedTest
  @CsvSource({
    "IngestGlueScript, 'the following arguments are required: --lake, --landing.'",
    "CurateGlueScript, 'the following arguments are required: --lake.'",
    "LoadGlueScript, 'the following arguments are required: --lake, --warehouse-url.'",
    "MaintenanceGlueScript, 'the following arguments are required: --lake.'",
    "StreamGlueScript, 'the following arguments are required: --stream, --lake.'"
  })
  void theScriptHandsItsArgumentsToItsEntryPoint(String script, String failure) throws Exception {
    Method main = loader.loadClass(script).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers())).isTrue();

    Throwable thrown =
        catchThrowable(() -> main.invoke(null, (Object) new String[] {"--JOB_NAME", "a-job"}));

    assertThat(thrown).isInstanceOf(InvocationTargetException.class);
    assertThat(thrown.getCause()).hasMessageStartingWith(failure);
  }
}
