package dev.phoenix.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Origins of the frontend ({@code CORS_ALLOWED_ORIGINS}, comma-separated). */
@ConfigurationProperties("phoenix.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {
}
