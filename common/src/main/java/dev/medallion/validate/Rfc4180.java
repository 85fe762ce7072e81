package dev.medallion.validate;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * CSV as RFC 4180 defines it: comma-separated fields, double quotes around a field that holds a
 * comma, a quote ({@code ""}) or a line break, records ended by CRLF or LF. Splitting a file into
 * records and parsing a record into fields are separate steps, so that a record that cannot be
 * parsed is still kept, as text, for quarantine.
 */
public final class Rfc4180 {
  private Rfc4180() {}

  /**
   * The most characters a record may have. A longer one (often the rest of a file after a quote
   * that is never closed) is cut here, marked too large, and splitting goes on at the next line.
   */
  public static final int MAX_RECORD_CHARS = 1 << 22;

  /** The characters of a too-large record that are kept, for quarantine. */
  public static final int KEPT_CHARS = 1 << 16;

  /**
   * One record's text, without its line break, and the 1-based line it starts on; {@code tooLarge}
   * when it was longer than {@link #MAX_RECORD_CHARS} and its text is cut.
   */
  public record Record(String text, long line, boolean tooLarge) {
    public Record(String text, long line) {
      this(text, line, false);
    }
  }

  /** The fields of a record, or why it could not be parsed. */
  public record Fields(List<String> values, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private enum State {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    QUOTE_IN_QUOTED,
    AFTER_CLOSING_QUOTE
  }

  /**
   * Splits {@code reader} into records. A line break inside a quoted field belongs to the field. A
   * quote that is never closed makes the rest of the input one record, which {@link #parse} then
   * rejects. Blank lines are skipped. A leading byte-order mark is dropped.
   */
  public static Iterator<Record> records(Reader reader) {
    return new Iterator<>() {
      private final StringBuilder text = new StringBuilder(256);
      private long nextLine = 1;
      private boolean first = true;
      private Record next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          next = read();
          done = next == null;
        }
        return next != null;
      }

      @Override
      public Record next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Record record = next;
        next = null;
        return record;
      }

      private Record read() {
        try {
          while (true) {
            Record record = readOne();
            if (record == null || !record.text().isBlank()) {
              return record;
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      private Record readOne() throws IOException {
        text.setLength(0);
        long startLine = nextLine;
        State state = State.FIELD_START;
        int c;
        while ((c = reader.read()) != -1) {
          if (first) {
            first = false;
            if (c == '\uFEFF') {
              continue;
            }
          }
          if (c == '\n') {
            nextLine++;
            if (state != State.QUOTED) {
              return new Record(stripCarriageReturn(text), startLine);
            }
          }
          text.append((char) c);
          state = step(state, (char) c);
          if (text.length() > MAX_RECORD_CHARS) {
            // Splitting starts afresh at the next line: skip to it, unless c just ended a line.
            while (c != '\n' && (c = reader.read()) != -1) {
              if (c == '\n') {
                nextLine++;
              }
            }
            return new Record(text.substring(0, KEPT_CHARS), startLine, true);
          }
        }
        return text.length() == 0 ? null : new Record(stripCarriageReturn(text), startLine);
      }
    };
  }

  private static String stripCarriageReturn(StringBuilder text) {
    int end = text.length();
    if (end > 0 && text.charAt(end - 1) == '\r') {
      end--;
    }
    return text.substring(0, end);
  }

  private static State step(State state, char c) {
    return switch (state) {
      case FIELD_START -> c == '"' ? State.QUOTED : c == ',' ? State.FIELD_START : State.UNQUOTED;
      case UNQUOTED, AFTER_CLOSING_QUOTE -> c == ',' ? State.FIELD_START : state;
      case QUOTED -> c == '"' ? State.QUOTE_IN_QUOTED : State.QUOTED;
      case QUOTE_IN_QUOTED ->
          c == '"' ? State.QUOTED : c == ',' ? State.FIELD_START : State.AFTER_CLOSING_QUOTE;
    };
  }

  /** Parses one record's text into its fields; an empty field is the empty string. */
  public static Fields parse(String record) {
    List<String> values = new ArrayList<>(8);
    StringBuilder field = new StringBuilder(32);
    State state = State.FIELD_START;
    String error = null;
    for (int i = 0; i < record.length(); i++) {
      char c = record.charAt(i);
      switch (state) {
        case FIELD_START -> {
          if (c == '"') {
            state = State.QUOTED;
          } else if (c == ',') {
            values.add("");
          } else {
            field.append(c);
            state = State.UNQUOTED;
          }
        }
        case UNQUOTED -> {
          if (c == ',') {
            values.add(field.toString());
            field.setLength(0);
            state = State.FIELD_START;
          } else {
            if (c == '"' && error == null) {
              error = "a double quote inside an unquoted field " + (values.size() + 1);
            }
            field.append(c);
          }
        }
        case QUOTED -> {
          if (c == '"') {
            state = State.QUOTE_IN_QUOTED;
          } else {
            field.append(c);
          }
        }
        case QUOTE_IN_QUOTED -> {
          if (c == '"') {
            field.append('"');
            state = State.QUOTED;
          } else if (c == ',') {
            values.add(field.toString());
            field.setLength(0);
            state = State.FIELD_START;
          } else {
            if (error == null) {
              error = "text after the closing quote of field " + (values.size() + 1);
            }
            field.append(c);
            state = State.AFTER_CLOSING_QUOTE;
          }
        }
        case AFTER_CLOSING_QUOTE -> {
          if (c == ',') {
            values.add(field.toString());
            field.setLength(0);
            state = State.FIELD_START;
          } else {
            field.append(c);
          }
        }
      }
    }
    if (state == State.QUOTED && error == null) {
      error = "the quoted field " + (values.size() + 1) + " is never closed";
    }
    values.add(field.toString());
    return new Fields(values, error);
  }

  /** Formats values as one RFC 4180 record (no line break): quotes only where needed. */
  public static String format(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendField(out, values.get(i));
    }
    return out.toString();
  }

  /** Appends one field, quoted when it holds a comma, a quote or a line break. */
  public static void appendField(StringBuilder out, String value) {
    if (value == null) {
      return;
    }
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0;
    if (!quote) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }
}
