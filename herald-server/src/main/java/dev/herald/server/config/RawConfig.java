package dev.herald.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.herald.core.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Configuration as flat dotted keys ({@code port}, {@code smtp.host}, {@code channels.sms.providers})
 * read from {@code herald.yaml} (nested or dotted keys) and then overridden by environment
 * variables: {@code HERALD_} + the key upper-cased with dots as underscores ({@code HERALD_SMTP_HOST}).
 * Provider keys are recognised by their provider id prefix, longest id first. A {@code HERALD_}
 * variable that names no key stops start-up ({@link EnvironmentNames}).
 */
public final class RawConfig {
  private final Map<String, String> values;

  private RawConfig(Map<String, String> values) {
    this.values = values;
  }

  public static RawConfig of(Map<String, String> values) {
    return new RawConfig(new TreeMap<>(values));
  }

  /**
   * Reads {@code file} (when it exists) and applies {@code env} over it.
   *
   * @param providerIds known provider ids, to split environment names like {@code HERALD_TWILIO_VOICE_LANGUAGE}
   * @throws ConfigurationException when the file cannot be parsed, or a {@code HERALD_} variable is
   *     neither a configuration key nor one of Herald's own variables
   */
  public static RawConfig load(Path file, Map<String, String> env, List<String> providerIds) {
    Map<String, String> values = new TreeMap<>();
    if (file != null && Files.exists(file)) {
      try {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        if (root != null && !root.isNull() && !root.isMissingNode()) {
          if (!root.isObject()) {
            throw new ConfigurationException(file.toString(), "must be a YAML mapping of keys to values");
          }
          flatten("", root, values);
        }
      } catch (IOException e) {
        throw new ConfigurationException(file.toString(), "cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    EnvironmentNames names = new EnvironmentNames(providerIds);
    new TreeMap<>(env).forEach((name, value) -> {
      String key = names.key(name);
      if (key != null) {
        values.put(key, value);
      }
    });
    return new RawConfig(values);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = prefix + f.getKey();
      JsonNode v = f.getValue();
      if (v.isObject()) {
        flatten(key + ".", v, out);
      } else if (v.isArray()) {
        StringBuilder joined = new StringBuilder();
        v.forEach(e -> joined.append(joined.isEmpty() ? "" : ",").append(e.asText()));
        out.put(key, joined.toString());
      } else if (!v.isNull()) {
        out.put(key, v.asText());
      }
    }
  }

  public String get(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  public Map<String, String> all() {
    return Map.copyOf(values);
  }

  /** Keys under {@code prefix.} with the prefix removed. */
  public Map<String, String> section(String prefix) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) {
        out.put(k.substring(prefix.length() + 1), v);
      }
    });
    return out;
  }
}
