package dev.phoenix.resetcode;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The secrets: the key material for everything stored ({@code RESET_CODE_SECRET}, and
 * during a rotation {@code RESET_CODE_SECRET_PREVIOUS}, see {@link KeyRing}) and the
 * bearer token of the internal endpoints ({@code INTERNAL_API_TOKEN}). The dev profile
 * generates both at each start; prod refuses to start without them
 * ({@link dev.phoenix.system.ProdPrerequisites}).
 */
@Validated
@ConfigurationProperties("phoenix.secrets")
public record SecretsProperties(
		@NotBlank(message = "RESET_CODE_SECRET must be set") @Size(min = 32,
				message = "RESET_CODE_SECRET must be at least 32 characters") String resetCodeSecret,
		@NotBlank(message = "INTERNAL_API_TOKEN must be set") @Size(min = 16,
				message = "INTERNAL_API_TOKEN must be at least 16 characters") String internalApiToken,
		@Nullable @Pattern(regexp = "(?s)|.{32,}",
				message = "RESET_CODE_SECRET_PREVIOUS must be at least 32 characters, or empty") String resetCodeSecretPrevious) {

	@Override
	public String toString() {
		return "SecretsProperties[redacted]";
	}

}
