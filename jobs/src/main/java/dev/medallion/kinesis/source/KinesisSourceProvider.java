package dev.medallion.kinesis.source;

import dev.medallion.kinesis.source.client.SdkKinesisApi;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@value KinesisSourceOptions#FORMAT} streaming source: {@code
 * spark.readStream().format("medallion-kinesis").options(KinesisSourceOptions.options(endpoint,
 * stream)).load()}. Registered in META-INF/services; micro-batch reads only. Its options are in
 * {@link KinesisSourceOptions}, its rows in {@link KinesisSchema}.
 */
public final class KinesisSourceProvider implements TableProvider, DataSourceRegister {
  @Override
  public String shortName() {
    return KinesisSourceOptions.FORMAT;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return KinesisSchema.SCHEMA;
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new KinesisTable(KinesisSourceConfig.parse(properties));
  }

  /** The stream as a table that can only be read as a stream. */
  private record KinesisTable(KinesisSourceConfig config) implements SupportsRead {
    @Override
    public String name() {
      return KinesisSourceOptions.FORMAT + ":" + config.streamName();
    }

    @Override
    public StructType schema() {
      return KinesisSchema.SCHEMA;
    }

    @Override
    public Set<TableCapability> capabilities() {
      return Set.of(TableCapability.MICRO_BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
      return () -> new KinesisScan(config);
    }
  }

  private record KinesisScan(KinesisSourceConfig config) implements Scan {
    @Override
    public StructType readSchema() {
      return KinesisSchema.SCHEMA;
    }

    @Override
    public String description() {
      return KinesisSourceOptions.FORMAT + "[" + config.streamName() + "]";
    }

    @Override
    public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
      return new KinesisMicroBatchStream(
          config,
          checkpointLocation,
          SparkSession.active().sessionState().newHadoopConf(),
          c -> new SdkKinesisApi(c.endpoint(), c.localAtTimestampTimeout()));
    }
  }
}
