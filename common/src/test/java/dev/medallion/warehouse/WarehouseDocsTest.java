package dev.medallion.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** docs/warehouse.md's "Type mapping" table says what {@link LoadSql#mapType} does. */
class WarehouseDocsTest {
  /** The repository's docs/, seen from the common module (the tests' working directory). */
  private static final Path DOC = Path.of("..", "docs", "warehouse.md");

  @Test
  void typeMappingTableMatchesTheCode() throws IOException {
    List<String[]> rows = mappingRows();
    assertThat(rows).as("rows of the Type mapping table in %s", DOC).hasSize(14);
    LoadSql pg = new LoadSql(Dialect.POSTGRES);
    LoadSql redshift = new LoadSql(Dialect.REDSHIFT);
    for (String[] row : rows) {
      DataType type = sample(row[0]);
      String p = type instanceof org.apache.spark.sql.types.DecimalType ? "18" : "p";
      String s = type instanceof org.apache.spark.sql.types.DecimalType ? "2" : "s";
      assertThat(pg.mapType(type)).as(row[0]).isEqualTo(withPs(row[1], p, s));
      assertThat(redshift.mapType(type)).as(row[0]).isEqualTo(withPs(row[2], p, s));
    }
  }

  /** The table's rows: Spark type, PostgreSQL, Redshift, each the first `code` of its cell. */
  private static List<String[]> mappingRows() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int start = lines.indexOf("## Type mapping");
    assertThat(start).as("a '## Type mapping' section in %s", DOC).isNotNegative();
    List<String[]> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("| Spark type")) {
        inTable = true;
      } else if (inTable && line.startsWith("| ---")) {
        continue;
      } else if (inTable && line.startsWith("|")) {
        String[] cells = line.split("\\|");
        rows.add(new String[] {code(cells[1]), code(cells[2]), code(cells[3])});
      } else if (inTable) {
        break;
      }
    }
    return rows;
  }

  private static String code(String cell) {
    int open = cell.indexOf('`');
    return cell.substring(open + 1, cell.indexOf('`', open + 1));
  }

  private static String withPs(String type, String p, String s) {
    return type.replace("(p,s)", "(" + p + "," + s + ")");
  }

  private static DataType sample(String spark) {
    return switch (spark) {
      case "decimal(p,s)" -> DataTypes.createDecimalType(18, 2);
      case "map<...>" -> DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
      case "array<...>" -> DataTypes.createArrayType(DataTypes.LongType);
      case "struct<...>" -> new StructType().add("a", DataTypes.StringType);
      default -> DataType.fromDDL(spark);
    };
  }
}
