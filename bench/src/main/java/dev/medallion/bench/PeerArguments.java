package dev.medallion.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a peer's main class ({@code --name value} pairs), which only {@code bench
 * batch} starts: a wrong one is a bug of the benchmark, so it fails at once.
 */
final class PeerArguments {
  private PeerArguments() {}

  /** The options given; every name in {@code required} must be there, and no other. */
  static Map<String, String> parse(String[] args, String... required) {
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("expected --name value pairs, got " + List.of(args));
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    if (!options.keySet().equals(java.util.Set.of(required))) {
      throw new IllegalArgumentException(
          "expected the options " + List.of(required) + ", got " + options.keySet());
    }
    return options;
  }
}
