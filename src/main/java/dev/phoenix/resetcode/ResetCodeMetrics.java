package dev.phoenix.resetcode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The flow's counters. Tags are low-cardinality enums only: never an address, IP or code.
 */
@Component
public final class ResetCodeMetrics {

	private final MeterRegistry registry;

	private final Counter issued;

	private final Counter lockouts;

	ResetCodeMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.issued = Counter.builder("phoenix.reset.codes.issued")
			.description("Reset codes issued")
			.register(registry);
		this.lockouts = Counter.builder("phoenix.reset.lockouts")
			.description("Addresses whose daily failure budget ran out: no code for them until their day ends")
			.register(registry);
		for (ResetCodeStore.LimitScope scope : ResetCodeStore.LimitScope.values()) {
			rateLimitedCounter(scope);
		}
		for (String outcome : new String[] { "verified", "invalid_code", "too_many_attempts", "expired" }) {
			verificationCounter(outcome);
		}
		tokenCounter("consumed");
		tokenCounter("invalid");
	}

	void issued() {
		this.issued.increment();
	}

	void lockedOut() {
		this.lockouts.increment();
	}

	void rateLimited(ResetCodeStore.LimitScope scope) {
		rateLimitedCounter(scope).increment();
	}

	void verification(String outcome) {
		verificationCounter(outcome).increment();
	}

	void token(String outcome) {
		tokenCounter(outcome).increment();
	}

	private Counter rateLimitedCounter(ResetCodeStore.LimitScope scope) {
		return Counter.builder("phoenix.reset.rate.limited")
			.description("Requests refused by a rate limit")
			.tag("scope", scope.tag())
			.register(this.registry);
	}

	private Counter verificationCounter(String outcome) {
		return Counter.builder("phoenix.reset.verifications")
			.description("Code verifications by outcome")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private Counter tokenCounter(String outcome) {
		return Counter.builder("phoenix.reset.tokens.consumed")
			.description("Reset token redemptions by outcome")
			.tag("outcome", outcome)
			.register(this.registry);
	}

}
