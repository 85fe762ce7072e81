package dev.medallion.bookmark;

import java.util.Comparator;
import java.util.List;

/**
 * Which files of a listing a run reads, and the bookmark it commits: Glue's rules for a file
 * source, as a pure function of the listing, the bookmark, the option and the run's start.
 *
 * <ul>
 *   <li>Files modified at or after the run's start are left to a later run, whatever the option:
 *       the listing may not show all of them yet.
 *   <li>{@link BookmarkOption#ENABLE}: the files the bookmark has not seen; the bookmark moves.
 *   <li>{@link BookmarkOption#PAUSE}: the same files; the bookmark stays.
 *   <li>{@link BookmarkOption#DISABLE}: every file; the bookmark stays.
 * </ul>
 *
 * Files come back in ingest order: by modification time, then path.
 *
 * @param toRead the files to read, in order
 * @param next the bookmark to commit with the run
 */
public record FileSelection(List<SourceFile> toRead, FileBookmark next) {
  public static FileSelection select(
      List<SourceFile> listing, FileBookmark bookmark, BookmarkOption option, long runStart) {
    List<SourceFile> toRead =
        listing.stream()
            .filter(f -> f.modificationTime() < runStart)
            .filter(f -> option == BookmarkOption.DISABLE || bookmark.isNew(f))
            .sorted(
                Comparator.comparingLong(SourceFile::modificationTime)
                    .thenComparing(SourceFile::path))
            .toList();
    FileBookmark next = option.movesBookmark() ? bookmark.after(runStart, toRead) : bookmark;
    return new FileSelection(toRead, next);
  }
}
