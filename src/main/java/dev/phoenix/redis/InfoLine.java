package dev.phoenix.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one parser of {@code INFO}'s compound values, {@code key=value,key=value}: keyspace
 * lines ({@code keys=42,expires=42,avg_ttl=0}) and commandstats lines
 * ({@code calls=13,usec=246,...}).
 */
final class InfoLine {

	private InfoLine() {
	}

	/**
	 * The numeric pairs of the line, in order; a value that is not a number is left out.
	 */
	static Map<String, Double> numbers(String line) {
		Map<String, Double> numbers = new LinkedHashMap<>();
		for (String pair : line.split(",")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				try {
					numbers.put(pair.substring(0, equals).trim(),
							Double.parseDouble(pair.substring(equals + 1).trim()));
				}
				catch (NumberFormatException ex) {
					// Not a number (none in today's lines).
				}
			}
		}
		return numbers;
	}

}
