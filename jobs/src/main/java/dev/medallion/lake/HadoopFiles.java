package dev.medallion.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Small files through the Hadoop FileSystem API, so that the same code works on a local directory
 * and on S3 (s3a://): state files, run summaries, indexes.
 */
public final class HadoopFiles {
  private final Configuration conf;

  public HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  public FileSystem fs(String uri) {
    try {
      return new Path(uri).getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + uri, e);
    }
  }

  public boolean exists(String uri) {
    try {
      return fs(uri).exists(new Path(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + uri, e);
    }
  }

  public boolean isDirectory(String uri) {
    try {
      return fs(uri).getFileStatus(new Path(uri)).isDirectory();
    } catch (java.io.FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + uri, e);
    }
  }

  public byte[] read(String uri) {
    try (InputStream in = fs(uri).open(new Path(uri))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
  }

  public String readString(String uri) {
    return new String(read(uri), StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code bytes} so that readers see the whole file or nothing: locally through a temporary
   * file and a rename, on object stores with one PUT (which is atomic there).
   */
  public void writeAtomically(String uri, byte[] bytes) {
    Path target = new Path(uri);
    try {
      FileSystem fs = fs(uri);
      boolean objectStore = fs.getScheme().startsWith("s3");
      if (objectStore) {
        try (OutputStream out = fs.create(target, true)) {
          out.write(bytes);
        }
        return;
      }
      fs.mkdirs(target.getParent());
      Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID());
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(bytes);
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        fs.delete(tmp, false);
        throw new IOException("rename of " + tmp + " to " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + uri, e);
    }
  }

  /**
   * Creates {@code uri} with {@code bytes} unless it exists; returns whether this call created it.
   * On a local file system the file is written aside and linked into place, which fails when the
   * name is taken: of two callers exactly one wins, and readers never see a part of it. On other
   * file systems it is Hadoop's create without overwrite (a check, then the write).
   */
  public boolean createNew(String uri, byte[] bytes) {
    Path target = new Path(uri);
    try {
      FileSystem fs = fs(uri);
      if (!"file".equals(fs.getScheme())) {
        if (fs.exists(target)) {
          return false;
        }
        try (OutputStream out = fs.create(target, false)) {
          out.write(bytes);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
          return false;
        }
        return true;
      }
      java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(target).toUri());
      java.nio.file.Files.createDirectories(local.getParent());
      java.nio.file.Path tmp =
          local.resolveSibling("." + local.getFileName() + "." + UUID.randomUUID());
      java.nio.file.Files.write(tmp, bytes);
      try {
        java.nio.file.Files.createLink(local, tmp);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      } finally {
        java.nio.file.Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + uri, e);
    }
  }

  public void writeString(String uri, String text) {
    writeAtomically(uri, text.getBytes(StandardCharsets.UTF_8));
  }

  public void delete(String uri, boolean recursive) {
    try {
      fs(uri).delete(new Path(uri), recursive);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + uri, e);
    }
  }

  /** The names (not paths) of the entries of a directory; empty when it does not exist. */
  public List<String> list(String uri) {
    List<String> names = new ArrayList<>();
    try {
      FileSystem fs = fs(uri);
      Path dir = new Path(uri);
      if (!fs.exists(dir)) {
        return names;
      }
      for (FileStatus status : fs.listStatus(dir)) {
        names.add(status.getPath().getName());
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + uri, e);
    }
  }

  /** Every file below a directory, recursively; empty when the directory does not exist. */
  public List<LocatedFileStatus> listFilesRecursively(String uri) {
    List<LocatedFileStatus> files = new ArrayList<>();
    try {
      FileSystem fs = fs(uri);
      Path dir = new Path(uri);
      if (!fs.exists(dir)) {
        return files;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        files.add(it.next());
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + uri, e);
    }
  }
}
