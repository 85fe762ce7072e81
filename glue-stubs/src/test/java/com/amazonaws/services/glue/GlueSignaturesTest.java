package com.amazonaws.services.glue;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.glue.util.GlueArgParser;
import com.amazonaws.services.glue.util.Job;
import com.amazonaws.services.glue.util.Job$;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the JVM signatures the entry points link against: on Glue the real library answers the same
 * calls, so a change here would compile locally and fail there with NoSuchMethodError.
 */
class GlueSignaturesTest {

  static Stream<Arguments> methods() {
    return Stream.of(
        Arguments.of(
            GlueArgParser.class,
            "getResolvedOptions",
            new Class<?>[] {String[].class, String[].class},
            scala.collection.immutable.Map.class),
        Arguments.of(
            Job.class,
            "init",
            new Class<?>[] {String.class, GlueContext.class, Map.class},
            Job$.class),
        Arguments.of(
            Job.class,
            "init",
            new Class<?>[] {String.class, GlueContext.class, String.class, Map.class},
            Job$.class),
        Arguments.of(Job.class, "commit", new Class<?>[0], void.class),
        Arguments.of(Job.class, "isInitialized", new Class<?>[0], boolean.class),
        Arguments.of(Job.class, "reset", new Class<?>[0], void.class));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("methods")
  void staticMethodsKeepTheRealLibrarysSignatures(
      Class<?> owner, String name, Class<?>[] parameters, Class<?> returnType) throws Exception {
    Method method = owner.getMethod(name, parameters);

    assertThat(Modifier.isStatic(method.getModifiers())).isTrue();
    assertThat(method.getReturnType()).isEqualTo(returnType);
  }

  @Test
  void glueContextIsAnSqlContextBuiltOnASparkContext() throws Exception {
    assertThat(SQLContext.class).isAssignableFrom(GlueContext.class);
    assertThat(GlueContext.class.getConstructor(SparkContext.class)).isNotNull();
    assertThat(GlueContext.class.getMethod("getSparkSession").getReturnType())
        .isEqualTo(SparkSession.class);
  }

  @Test
  void jobIsAScalaObject() throws Exception {
    assertThat(Job$.class.getField("MODULE$").get(null)).isSameAs(Job$.MODULE$);
  }
}
