/**
 * Local stand-ins for {@code com.amazonaws.services.glue.util} of the AWS Glue 5.0 library: {@link
 * com.amazonaws.services.glue.util.GlueArgParser} (argument resolution, ported from {@code
 * awsglue/utils.py}) and {@link com.amazonaws.services.glue.util.Job} (init and commit). Provided
 * scope: on Glue the real classes take over.
 */
package com.amazonaws.services.glue.util;
