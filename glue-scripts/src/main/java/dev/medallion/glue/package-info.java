/**
 * The AWS Glue 5.0 entry points, one per job: {@link dev.medallion.glue.IngestGlueJob}, {@link
 * dev.medallion.glue.CurateGlueJob}, {@link dev.medallion.glue.LoadGlueJob}, {@link
 * dev.medallion.glue.StreamGlueJob} and {@link dev.medallion.glue.MaintenanceGlueJob}. Each only
 * resolves Glue's job arguments into the job's typed configuration and runs the job of {@code
 * medallion-jobs} between {@code Job.init} and {@code Job.commit()}; {@link
 * dev.medallion.glue.GlueEntryPoint} holds what they share. The Glue scripts that call them are in
 * {@code src/main/glue}; docs/glue.md describes the deployable artifact.
 */
package dev.medallion.glue;
