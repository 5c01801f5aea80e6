package dev.phoenix.mail;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STARTTLS is required unless the SMTP server is on this host, or the operator says
 * otherwise.
 */
class StartTlsPolicyTests {

	@Test
	void remoteHostThenStartTlsRequired() {
		assertThat(required("smtp.example.com", null)).isEqualTo("true");
		assertThat(required("10.0.0.25", null)).isEqualTo("true");
		// A name is not looked up: only loopback names and literals count as local.
		assertThat(required("localhost.example.com", null)).isEqualTo("true");
	}

	@Test
	void loopbackHostThenNotRequired() {
		assertThat(required("localhost", null)).isEqualTo("false");
		assertThat(required("127.0.0.1", null)).isEqualTo("false");
		assertThat(required("[::1]", null)).isEqualTo("false");
	}

	@Test
	void operatorSaysThenAsSaid() {
		assertThat(required("smtp.example.com", false)).isEqualTo("false");
		assertThat(required("127.0.0.1", true)).isEqualTo("true");
		assertThat(MailConfiguration.javaMailSender(properties("127.0.0.1", true))
			.getJavaMailProperties()
			.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
	}

	private static String required(String host, Boolean operator) {
		return MailConfiguration.javaMailSender(properties(host, operator))
			.getJavaMailProperties()
			.getProperty("mail.smtp.starttls.required");
	}

	private static MailProperties properties(String host, Boolean startTlsRequired) {
		return new MailProperties(host, 587, null, null, "no-reply@phoenix.local", false, startTlsRequired,
				Duration.ofSeconds(5));
	}

}
