package dev.phoenix.resetcode;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodeGeneratorTests {

	private static ResetCodeProperties properties(int length) {
		return new ResetCodeProperties(length, Duration.ofMinutes(10), 5, Duration.ofSeconds(60), 5, 10, 20, 20, 50,
				Duration.ofMinutes(15));
	}

	@Test
	void nextWhenDrawnManyTimesThenAlwaysLengthDigitsAndLeadingZerosOccur() {
		CodeGenerator codes = new CodeGenerator(properties(6));
		Set<String> seen = new HashSet<>();
		int leadingZero = 0;
		for (int i = 0; i < 20_000; i++) {
			String code = codes.next();
			assertThat(code).hasSize(6).containsOnlyDigits();
			seen.add(code);
			if (code.charAt(0) == '0') {
				leadingZero++;
			}
		}
		// A uniform draw puts about 10% of codes behind a leading zero.
		assertThat(leadingZero).isBetween(1_600, 2_400);
		assertThat(seen.size()).isGreaterThan(19_000);
	}

	@Test
	void nextWhenTenDigitsThenWholeRangeReachable() {
		CodeGenerator codes = new CodeGenerator(properties(10));
		int[] firstDigits = new int[10];
		for (int i = 0; i < 10_000; i++) {
			String code = codes.next();
			assertThat(code).hasSize(10).containsOnlyDigits();
			firstDigits[code.charAt(0) - '0']++;
		}
		for (int count : firstDigits) {
			assertThat(count).isBetween(800, 1_200);
		}
	}

	@Test
	void isWellFormedWhenOnlyAsciiDigitsOfLengthThenTrue() {
		CodeGenerator codes = new CodeGenerator(properties(6));
		assertThat(codes.isWellFormed("012345")).isTrue();
		assertThat(codes.isWellFormed("12345")).isFalse();
		assertThat(codes.isWellFormed("1234567")).isFalse();
		assertThat(codes.isWellFormed("12345a")).isFalse();
		assertThat(codes.isWellFormed("١٢٣٤٥٦")).isFalse();
	}

}
