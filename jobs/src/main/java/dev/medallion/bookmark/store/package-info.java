/**
 * The bookmark store: each job's committed state ({@link dev.medallion.bookmark.store.JobState}),
 * its run plans, claims and leases, behind the {@link dev.medallion.bookmark.store.BookmarkStore}
 * interface; {@link dev.medallion.bookmark.store.HadoopBookmarkStore} keeps them as files under the
 * lake. The bookmark's rules (which files a run reads) are pure, in {@code common}'s {@code
 * dev.medallion.bookmark}.
 */
package dev.medallion.bookmark.store;
