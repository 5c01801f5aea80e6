package dev.phoenix.resetcode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.phoenix.system.ErrorCode;
import dev.phoenix.system.PhoenixException;
import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards the internal endpoints: the caller must present {@code INTERNAL_API_TOKEN} as a
 * bearer token. Compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the
 * time taken says nothing about how much of the token was right, nor its length. Runs
 * before the body is read, so an unauthorized caller learns nothing from body errors.
 */
@Component
final class InternalCaller implements HandlerInterceptor {

	static final String[] PATHS = { "/auth/reset-token/consume", "/auth/reset-code/inspect",
			"/auth/reset-code/revoke" };

	private static final String BEARER = "Bearer ";

	private final byte[] expectedDigest;

	InternalCaller(SecretsProperties secrets) {
		this.expectedDigest = digest(secrets.internalApiToken());
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		require(request.getHeader(HttpHeaders.AUTHORIZATION));
		return true;
	}

	void require(@Nullable String authorization) {
		String presented = (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length()))
				? authorization.substring(BEARER.length()).strip() : "";
		if (!MessageDigest.isEqual(this.expectedDigest, digest(presented))) {
			throw new PhoenixException(ErrorCode.UNAUTHORIZED);
		}
	}

	private static byte[] digest(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
