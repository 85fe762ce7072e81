package dev.medallion.kinesis.source.offsets;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The offset a query started from, kept in the source's checkpoint directory. Spark asks a source
 * for its initial offset again when it re-runs the first batch after a restart; LATEST must then
 * mean the same time as the first time, or the batch would not be the same.
 */
public final class InitialOffsetStore {
  static final String FILE = "medallion-kinesis-initial-offset.json";

  private final Path path;
  private final Configuration conf;

  public InitialOffsetStore(String checkpointLocation, Configuration conf) {
    this.path = new Path(checkpointLocation, FILE);
    this.conf = conf;
  }

  public Optional<String> read() {
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        return Optional.empty();
      }
      try (FSDataInputStream in = fs.open(path)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Kinesis source's initial offset " + path, e);
    }
  }

  /** Writes {@code json} unless an offset is there already; returns the one that is kept. */
  public String writeIfAbsent(String json) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      Path temporary = new Path(path.getParent(), "." + FILE + "." + UUID.randomUUID() + ".tmp");
      try (OutputStream out = fs.create(temporary, false)) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
      }
      if (!fs.rename(temporary, path)) {
        fs.delete(temporary, false);
        return read().orElseThrow(() -> new IOException("rename to " + path + " failed"));
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Kinesis source's initial offset " + path, e);
    }
  }
}
