package dev.medallion.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@code catalog/tables.json} (read by Terraform's catalog module) is what {@link
 * CatalogExport} builds from the jobs' schemas. Run with {@code -Dcatalog.update=true} to rewrite
 * it after a schema change.
 */
class CatalogExportTest {
  /** The repository's catalog/, seen from the common module (the tests' working directory). */
  private static final Path FILE = Path.of("..", "catalog", "tables.json");

  @Test
  void checkedInCatalogIsTheGeneratedOne() throws IOException {
    String generated = CatalogExport.json();
    if (Boolean.getBoolean("catalog.update")) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    }
    String checkedIn =
        Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "(no such file)";
    assertEquals(
        generated,
        checkedIn,
        FILE.toAbsolutePath().normalize()
            + " is not what CatalogExport builds from LakeTable and Schemas (a schema or table"
            + " changed). Rewrite it with: "
            + CatalogExport.REGENERATE
            + " and commit it; terraform apply then updates the Glue tables.");
  }

  @Test
  void partitionColumnsAreKeysNotColumns() {
    CatalogExport.Table enriched = CatalogExport.table(LakeTable.CURATED_EVENTS_ENRICHED);
    assertThat(enriched.database()).isEqualTo("curated");
    assertThat(enriched.path()).isEqualTo("events_enriched");
    assertThat(enriched.partitionKeys())
        .extracting(CatalogExport.Column::name)
        .containsExactly("event_date", "event_type");
    assertThat(enriched.columns())
        .extracting(CatalogExport.Column::name)
        .doesNotContain("event_date", "event_type")
        .startsWith("event_uuid", "event_subtype");
    int schemaWidth = Schemas.of(LakeTable.CURATED_EVENTS_ENRICHED).fields().length;
    assertThat(enriched.columns().size() + enriched.partitionKeys().size()).isEqualTo(schemaWidth);
  }

  @Test
  void everyTableInLakeTableOrder() {
    List<CatalogExport.Table> tables = CatalogExport.tables();
    assertThat(tables).hasSize(LakeTable.values().length);
    for (int i = 0; i < tables.size(); i++) {
      LakeTable table = LakeTable.values()[i];
      assertThat(tables.get(i).database() + "." + tables.get(i).name())
          .isEqualTo(table.qualifiedName());
    }
  }

  @Test
  void hiveTypeNames() {
    assertThat(CatalogExport.hiveType(DataTypes.StringType)).isEqualTo("string");
    assertThat(CatalogExport.hiveType(DataTypes.LongType)).isEqualTo("bigint");
    assertThat(CatalogExport.hiveType(DataTypes.IntegerType)).isEqualTo("int");
    assertThat(CatalogExport.hiveType(DataTypes.DoubleType)).isEqualTo("double");
    assertThat(CatalogExport.hiveType(DataTypes.BooleanType)).isEqualTo("boolean");
    assertThat(CatalogExport.hiveType(DataTypes.TimestampType)).isEqualTo("timestamp");
    assertThat(CatalogExport.hiveType(DataTypes.DateType)).isEqualTo("date");
    assertThat(CatalogExport.hiveType(Schemas.AMOUNT_TYPE)).isEqualTo("decimal(18,2)");
    assertThat(CatalogExport.hiveType(DataTypes.createArrayType(DataTypes.StringType)))
        .isEqualTo("array<string>");
    assertThat(CatalogExport.hiveType(Schemas.ATTRIBUTES_TYPE)).isEqualTo("map<string,string>");
    assertThat(
            CatalogExport.hiveType(
                new StructType().add("a", DataTypes.IntegerType).add("b", DataTypes.StringType)))
        .isEqualTo("struct<a:int,b:string>");
    assertThatThrownBy(() -> CatalogExport.hiveType(DataTypes.TimestampNTZType))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timestamp_ntz");
  }

  @Test
  void jsonStringsAreEscaped() {
    assertThat(CatalogExport.quote("a \"b\"\\\n")).isEqualTo("\"a \\\"b\\\"\\\\\\n\"");
  }
}
