package dev.phoenix.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * Under the {@code prod} profile, refuses to start unless the secrets and the SMTP host
 * are set, naming every one that is missing at once. Runs before any bean exists, so
 * nothing (no embedded Redis, no log mailer, no generated secret) can stand in for them.
 */
public class ProdPrerequisites implements EnvironmentPostProcessor, Ordered {

	/** Environment variable, and the property it feeds (see application.yml). */
	static final Map<String, String> REQUIRED = Map.of("RESET_CODE_SECRET", "phoenix.secrets.reset-code-secret",
			"INTERNAL_API_TOKEN", "phoenix.secrets.internal-api-token", "MAIL_HOST", "phoenix.mail.host");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.acceptsProfiles(Profiles.of("prod"))) {
			return;
		}
		List<String> missing = new ArrayList<>();
		for (String variable : List.of("RESET_CODE_SECRET", "INTERNAL_API_TOKEN", "MAIL_HOST")) {
			if (!StringUtils.hasText(environment.getProperty(REQUIRED.get(variable)))) {
				missing.add(variable);
			}
		}
		if (!missing.isEmpty()) {
			throw new MissingProdConfigurationException(missing);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	public static class MissingProdConfigurationException extends IllegalStateException {

		private final List<String> missing;

		MissingProdConfigurationException(List<String> missing) {
			super("The prod profile needs " + String.join(", ", missing) + " to be set");
			this.missing = List.copyOf(missing);
		}

		public List<String> missing() {
			return this.missing;
		}

	}

}
