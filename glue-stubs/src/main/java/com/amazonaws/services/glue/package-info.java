/**
 * Local stand-ins for the AWS Glue 5.0 Scala library ({@code com.amazonaws.services.glue}), which
 * is not on Maven Central. Medallion's Glue entry points compile against these classes at provided
 * scope, so they never ship: on Glue the real library takes over. Locally they implement the
 * documented behaviour the entry points rely on.
 */
package com.amazonaws.services.glue;
