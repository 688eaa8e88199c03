package io.alloyfleet.fleet;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes resource quantity ({@code 100m}, {@code 0.5}, {@code 128Mi}, {@code 1e3}) as a number. */
public final class Quantity {

  private static final Pattern PARTS = Pattern.compile("\\+?([0-9.]+)(.*)");
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("m", new BigDecimal("0.001")),
      Map.entry("k", BigDecimal.TEN.pow(3)),
      Map.entry("M", BigDecimal.TEN.pow(6)),
      Map.entry("G", BigDecimal.TEN.pow(9)),
      Map.entry("T", BigDecimal.TEN.pow(12)),
      Map.entry("P", BigDecimal.TEN.pow(15)),
      Map.entry("E", BigDecimal.TEN.pow(18)),
      Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
      Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
      Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
      Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
      Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
      Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

  private Quantity() {}

  /** The value of a quantity that already passed the schema's format check. */
  public static BigDecimal parse(String quantity) {
    Matcher m = PARTS.matcher(quantity);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a quantity: " + quantity);
    }
    String suffix = m.group(2);
    if (suffix.startsWith("e") || suffix.startsWith("E") && suffix.length() > 1) {
      return new BigDecimal(m.group(1)).scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    }
    return new BigDecimal(m.group(1)).multiply(SUFFIXES.get(suffix));
  }
}
