package dev.phoenix.hardening;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.phoenix.support.Api;
import dev.phoenix.support.Api.Reply;
import dev.phoenix.support.MailTestServer;
import dev.phoenix.support.RedisTestServer;
import dev.phoenix.support.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code RESET_CODE_SECRET} rotated between two runs of the packaged service on one
 * Redis: with the old secret in {@code RESET_CODE_SECRET_PREVIOUS}, a code mailed and a
 * reset token issued before the rotation still work; without it, they do not.
 */
class SecretRotationIT {

	private static final String OLD_SECRET = "old-secret-0123456789-0123456789-abcdef";

	private static final String NEW_SECRET = "new-secret-0123456789-0123456789-abcdef";

	private final MailTestServer mail = MailTestServer.shared();

	private final RedisTestServer redis = RedisTestServer.startProcess();

	@AfterEach
	void stopRedis() {
		this.redis.stop();
	}

	@Test
	void secretRotatedWithPreviousKeptThenEarlierCodeAndTokenStillWork() {
		String codeAddress = "rotation-code@example.com";
		String tokenAddress = "rotation-token@example.com";
		String token;
		String code;
		try (ServiceProcess before = ServiceProcess.start("before-rotation", environment(OLD_SECRET, ""))) {
			Api api = before.api();
			token = verifiedToken(api, tokenAddress);
			assertThat(api.requestCode(codeAddress).status()).isEqualTo(202);
			code = awaitCode(codeAddress);
		}
		try (ServiceProcess without = ServiceProcess.start("rotated-without-previous", environment(NEW_SECRET, ""))) {
			assertThat(without.api().consume(token, dev.phoenix.support.IntegrationTest.INTERNAL_TOKEN).errorCode())
				.isEqualTo("INVALID_TOKEN");
		}
		try (ServiceProcess after = ServiceProcess.start("rotated", environment(NEW_SECRET, OLD_SECRET))) {
			Api api = after.api();
			Reply verified = api.verify(codeAddress, code);
			assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
			assertThat(api
				.consume(verified.data().path("resetToken").asString(),
						dev.phoenix.support.IntegrationTest.INTERNAL_TOKEN)
				.data()
				.path("email")
				.asString()).isEqualTo(codeAddress);
			Reply consumed = api.consume(token, dev.phoenix.support.IntegrationTest.INTERNAL_TOKEN);
			assertThat(consumed.data().path("email").asString()).isEqualTo(tokenAddress);
			// And what is new is made with the new secret: a fresh code verifies too.
			String fresh = "rotation-fresh@example.com";
			assertThat(api.requestCode(fresh).status()).isEqualTo(202);
			assertThat(api.verify(fresh, awaitCode(fresh)).status()).isEqualTo(200);
		}
	}

	private String verifiedToken(Api api, String address) {
		assertThat(api.requestCode(address).status()).isEqualTo(202);
		Reply verified = api.verify(address, awaitCode(address));
		assertThat(verified.status()).isEqualTo(200);
		return verified.data().path("resetToken").asString();
	}

	private String awaitCode(String address) {
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.mail.messagesTo(address).isEmpty());
		return this.mail.latestCodeFor(address);
	}

	private Map<String, String> environment(String secret, String previous) {
		Map<String, String> environment = new HashMap<>();
		environment.put("REDIS_HOST", this.redis.host());
		environment.put("REDIS_PORT", Integer.toString(this.redis.port()));
		environment.put("MAIL_HOST", "127.0.0.1");
		environment.put("MAIL_PORT", Integer.toString(this.mail.port()));
		environment.put("RESET_CODE_SECRET", secret);
		environment.put("RESET_CODE_SECRET_PREVIOUS", previous);
		return environment;
	}

}
