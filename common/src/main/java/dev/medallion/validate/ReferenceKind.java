package dev.medallion.validate;

import static dev.medallion.contract.Columns.*;

import dev.medallion.contract.RecordType;
import java.util.List;

/** The reference files of the input contract, each with its key and its header's columns. */
public enum ReferenceKind {
  USERS("users", USER_ID, List.of(USER_ID, NAME, EMAIL, COUNTRY, SIGNUP_DATE, SEGMENT)),
  TRANSACTIONS(
      "transactions",
      TRANSACTION_ID,
      List.of(TRANSACTION_ID, USER_ID, AMOUNT, CURRENCY, STATUS, TRANSACTION_TS));

  private final String directory;
  private final String key;
  private final List<String> columns;

  ReferenceKind(String directory, String key, List<String> columns) {
    this.directory = directory;
    this.key = key;
    this.columns = columns;
  }

  /** The landing subdirectory holding this kind's CSV files. */
  public String directory() {
    return directory;
  }

  public String key() {
    return key;
  }

  /** The header columns, in the contract's order. */
  public List<String> columns() {
    return columns;
  }

  public RecordType recordType() {
    return this == USERS ? RecordType.USER : RecordType.TRANSACTION;
  }
}
