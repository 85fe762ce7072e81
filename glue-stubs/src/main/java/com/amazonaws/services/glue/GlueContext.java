package com.amazonaws.services.glue;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;

/**
 * Local stand-in for {@code com.amazonaws.services.glue.GlueContext} of the AWS Glue 5.0 library,
 * which, like this stub, is an {@link SQLContext} built on a {@link SparkContext}. This module is a
 * provided dependency: on Glue the real class is on the class path and takes over.
 *
 * <p>Implemented: the {@code GlueContext(SparkContext)} constructor and {@link #getSparkSession()}.
 * DynamicFrames, sources, sinks and the Data Catalog are not: Medallion's jobs read and write with
 * Spark and Delta only.
 */
public class GlueContext extends SQLContext {

  private static final long serialVersionUID = 1L;

  /**
   * Wraps the Spark context; the session is the one Spark builds on it (its active or default
   * session when there is one).
   */
  @SuppressWarnings("deprecation") // SQLContext(SparkContext) is deprecated; the real class uses it
  public GlueContext(SparkContext sparkContext) {
    super(sparkContext);
  }

  /** The Spark session of this context. */
  public SparkSession getSparkSession() {
    return sparkSession();
  }
}
