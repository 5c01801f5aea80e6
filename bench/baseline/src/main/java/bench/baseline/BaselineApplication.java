package bench.baseline;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed-style service of the Korean design guide, on Phoenix's paths so that the
 * benchmark's wrk scripts drive both: a code request is one {@code SET ... EX 600}, a
 * verify is {@code GET}, compare, {@code DEL} (and a token {@code SET}), a consume one
 * {@code GETDEL}. No mail, no hashing, no limits, no validation beyond presence.
 */
@SpringBootApplication
@RestController
public class BaselineApplication {

	private static final Duration CODE_TTL = Duration.ofMinutes(10);

	private final StringRedisTemplate redis;

	private final SecureRandom random = new SecureRandom();

	BaselineApplication(StringRedisTemplate redis) {
		this.redis = redis;
	}

	public static void main(String[] args) {
		SpringApplication.run(BaselineApplication.class, args);
	}

	@GetMapping("/actuator/health/liveness")
	Map<String, String> liveness() {
		return Map.of("status", "UP");
	}

	@PostMapping("/auth/reset-code")
	ResponseEntity<Map<String, Object>> request(@RequestBody Map<String, String> body) {
		String code = String.format("%06d", this.random.nextInt(1_000_000));
		this.redis.opsForValue().set("reset_code:" + body.get("email"), code, CODE_TTL);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(Map.of("message", "sent", "resendAvailableInSeconds", 60));
	}

	@PostMapping("/auth/reset-code/verify")
	ResponseEntity<Map<String, Object>> verify(@RequestBody Map<String, String> body) {
		String key = "reset_code:" + body.get("email");
		String code = this.redis.opsForValue().get(key);
		if (code == null || !code.equals(body.get("code"))) {
			return ResponseEntity.badRequest().body(Map.of("code", "INVALID_CODE", "message", "wrong code"));
		}
		this.redis.delete(key);
		String token = UUID.randomUUID().toString();
		this.redis.opsForValue().set("reset_token:" + token, body.get("email"), CODE_TTL);
		return ResponseEntity.ok(Map.of("resetToken", token, "expiresInSeconds", 600));
	}

	@PostMapping("/auth/reset-token/consume")
	ResponseEntity<Map<String, Object>> consume(@RequestBody Map<String, String> body) {
		String email = this.redis.opsForValue().getAndDelete("reset_token:" + body.get("resetToken"));
		if (email == null) {
			return ResponseEntity.badRequest().body(Map.of("code", "INVALID_TOKEN", "message", "unknown token"));
		}
		return ResponseEntity.ok(Map.of("email", email));
	}

}
