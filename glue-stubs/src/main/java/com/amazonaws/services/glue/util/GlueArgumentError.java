package com.amazonaws.services.glue.util;

/**
 * The error {@link GlueArgParser#getResolvedOptions} throws when the job's arguments do not
 * resolve: a requested option is missing, a value is not among an option's choices, a reserved
 * option is requested, or the job-bookmark range is incomplete or given without pause.
 *
 * <p>Stub-only type. The Python library raises {@code awsglue.utils.GlueArgumentError} for argparse
 * errors and a plain {@code RuntimeError} for the reserved-name and bookmark-range checks; what the
 * Scala library throws is not documented. This stub throws this one type, a {@link
 * RuntimeException}, for all of them. Code that runs on Glue as well should catch {@code
 * RuntimeException}, not this class, which the real library may not have.
 *
 * <p>Each message starts with the argparse-style problem, naming the option (for example {@code the
 * following arguments are required: --stage}), followed by how to fix it.
 */
public class GlueArgumentError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the problem, naming the option, and the fix
   */
  public GlueArgumentError(String message) {
    super(message);
  }
}
