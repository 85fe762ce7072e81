package dev.medallion.cli;

import picocli.CommandLine;

/** The version line: Medallion's and the Spark and Delta it was built for. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = MedallionCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "medallion " + (version == null ? "(development build)" : version),
      "built for Apache Spark 3.5 (Scala 2.12), Delta Lake 3.3, Java 17: the AWS Glue 5.0 runtime"
    };
  }
}
