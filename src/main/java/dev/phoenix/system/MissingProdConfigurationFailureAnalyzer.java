package dev.phoenix.system;

import dev.phoenix.system.ProdPrerequisites.MissingProdConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which variables the prod profile is missing, without a stack trace. */
class MissingProdConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<MissingProdConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingProdConfigurationException cause) {
		return new FailureAnalysis("The prod profile refuses to start: missing " + String
			.join(", ", cause.missing()), "Set " + String.join(", ", cause.missing())
					+ " in the environment (see README, Configuration). RESET_CODE_SECRET needs at least 32 characters.",
				cause);
	}

}
