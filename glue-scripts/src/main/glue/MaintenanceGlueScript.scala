// The AWS Glue script of Medallion's maintenance job: the job's ScriptLocation, with the job
// parameter --class MaintenanceGlueScript. Glue compiles it when a run starts, against its own
// library and the --extra-jars (medallion-glue-<version>.jar), then calls this main with the job's
// arguments. The job itself is the Java entry point in that jar; keep this file a one-line call.
object MaintenanceGlueScript {
  def main(sysArgs: Array[String]): Unit = dev.medallion.glue.MaintenanceGlueJob.main(sysArgs)
}
