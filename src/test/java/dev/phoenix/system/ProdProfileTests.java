package dev.phoenix.system;

import dev.phoenix.PhoenixApplication;
import dev.phoenix.system.ProdPrerequisites.MissingProdConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prod profile refuses to start without its secrets and SMTP host, naming each one
 * missing, before anything (an embedded Redis, a log mailer) could stand in for them.
 */
class ProdProfileTests {

	@Test
	void startWhenProdWithoutSecretsThenRefusedNamingEach() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(PhoenixApplication.class).profiles("prod")
			.properties("server.port=0")
			.run()).isInstanceOf(MissingProdConfigurationException.class)
			.hasMessageContaining("RESET_CODE_SECRET")
			.hasMessageContaining("INTERNAL_API_TOKEN")
			.hasMessageContaining("MAIL_HOST");
	}

	@Test
	void startWhenProdWithoutMailHostOnlyThenRefusedNamingOnlyIt() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(PhoenixApplication.class).profiles("prod")
			.properties("server.port=0", "RESET_CODE_SECRET=0123456789abcdef0123456789abcdef",
					"INTERNAL_API_TOKEN=0123456789abcdef")
			.run()).isInstanceOf(MissingProdConfigurationException.class)
			.hasMessage("The prod profile needs MAIL_HOST to be set");
	}

}
