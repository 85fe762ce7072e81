package dev.medallion.landing;

import dev.medallion.contract.Reasons;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of bytes ended by LF (a CR before it is dropped) and decodes them as strict UTF-8, so
 * that a line with invalid bytes is known as such instead of silently altered.
 */
final class LineReader {
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private long lineNumber;
  private boolean eof;
  private boolean tooLarge;

  /** The most bytes a line may have; a longer one is cut, and flagged. */
  static final int MAX_LINE_BYTES = 1 << 24;

  /** The bytes of a too-large line that are kept, for quarantine. */
  static final int KEPT_BYTES = 1 << 16;

  /** One decoded line; {@code error} says why its bytes are not valid UTF-8, else null. */
  record Line(long number, String text, String error) {}

  LineReader(InputStream in) {
    this.in = in;
  }

  void close() throws IOException {
    in.close();
  }

  /** The next line, or null at the end of the input. */
  Line next() throws IOException {
    if (eof) {
      return null;
    }
    line.reset();
    tooLarge = false;
    boolean ended = false;
    while (!ended) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          eof = true;
          if (line.size() == 0) {
            return null;
          }
          break;
        }
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int room = tooLarge ? 0 : MAX_LINE_BYTES - line.size();
      line.write(buffer, start, Math.min(room, position - start));
      if (position - start > room) {
        tooLarge = true;
      }
      if (position < limit) {
        position++; // the line feed
        ended = true;
      }
    }
    lineNumber++;
    byte[] bytes = line.toByteArray();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    int start = 0;
    if (lineNumber == 1
        && length >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      start = 3; // a UTF-8 byte-order mark
    }
    if (tooLarge) {
      String text =
          new String(bytes, start, Math.min(KEPT_BYTES, length - start), StandardCharsets.UTF_8);
      return new Line(
          lineNumber, text, LandingReader.tooLarge(lineNumber, (MAX_LINE_BYTES >> 20) + " MiB"));
    }
    try {
      String text = strict.decode(ByteBuffer.wrap(bytes, start, length - start)).toString();
      return new Line(lineNumber, text, null);
    } catch (CharacterCodingException e) {
      String text = new String(bytes, start, length - start, StandardCharsets.UTF_8);
      return new Line(
          lineNumber, text, Reasons.INVALID_UTF8 + ": line " + lineNumber + " is not valid UTF-8");
    }
  }
}
