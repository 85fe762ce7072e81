package dev.medallion.ingest;

/** The landing directory does not exist: nothing can be ingested. */
public final class LandingNotFoundException extends RuntimeException {
  public LandingNotFoundException(String landing) {
    super(
        "the landing directory "
            + landing
            + " does not exist. Ingest reads events/, users/ and transactions/ below it. Check"
            + " the --landing path, or create the directory and put files there.");
  }
}
