package dev.medallion.sample;

import java.util.List;

/**
 * The words generated data is made of: countries, segments, names (with apostrophes and non-ASCII
 * letters) and currencies. One list for the sample data and the benchmarks' synthetic rows, so that
 * both look like the same users.
 */
public final class Vocabulary {
  private Vocabulary() {}

  public static final List<String> COUNTRIES =
      List.of("US", "DE", "FR", "JP", "BR", "IN", "GB", "PL");

  public static final List<String> SEGMENTS = List.of("free", "pro", "enterprise");

  public static final List<String> FIRST_NAMES =
      List.of(
          "Ana",
          "Bjørn",
          "Chloé",
          "Dmitri",
          "Émile",
          "Fatima",
          "Grzegorz",
          "Hana",
          "Ingrid",
          "José",
          "Kenji",
          "Łucja",
          "Mateus",
          "Nnamdi",
          "Olivia",
          "Priya",
          "Quentin",
          "Renée",
          "Søren",
          "Zoë");

  public static final List<String> LAST_NAMES =
      List.of(
          "Smith",
          "Müller",
          "O'Brien",
          "García",
          "Nowak",
          "Tanaka",
          "Silva",
          "Kowalski",
          "Dubois",
          "Sharma",
          "Johansson",
          "Rossi");

  public static final List<String> CURRENCIES =
      List.of("USD", "EUR", "GBP", "JPY", "BRL", "INR", "PLN");
}
