package dev.phoenix.system;

import java.time.Clock;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.core.StreamReadFeature;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.RequestContextFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * HTTP-wide setup: strict JSON, Korean-or-English messages, and JSON even for errors
 * Jetty answers itself.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final CorsProperties cors;

	WebConfiguration(CorsProperties cors) {
		this.cors = cors;
	}

	/** Only the frontend's origins get {@code Access-Control-Allow-Origin}. */
	@Override
	public void addCorsMappings(CorsRegistry registry) {
		registry.addMapping("/auth/**")
			.allowedOrigins(
					this.cors.allowedOrigins().stream().filter((origin) -> !origin.isBlank()).toArray(String[]::new))
			.allowedMethods("GET", "POST")
			.allowedHeaders("Content-Type", "Accept-Language")
			.exposedHeaders("Retry-After")
			.maxAge(3600);
	}

	/**
	 * Types are strict: a number, boolean or float where a string is expected is an
	 * error, not silently converted; trailing garbage after the object and duplicate keys
	 * too.
	 */
	@Bean
	JsonMapperBuilderCustomizer strictJson() {
		return (builder) -> builder
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	/** Korean by default, English on request, anything else falls back to Korean. */
	@Bean
	LocaleResolver localeResolver() {
		return new RememberingLocaleResolver();
	}

	/**
	 * No {@link RequestContextFilter}: a registration of one, switched off, keeps Boot
	 * from adding its own. The filter exposes the request and its locale to code outside
	 * Spring MVC, and there is none here: every answer, errors included, is written
	 * within the {@code DispatcherServlet}, which sets both holders itself (the locale
	 * through {@link #localeResolver()}). The filter asked the server for the request's
	 * locale on every request, which parses {@code Accept-Language} anew: about 3 % of a
	 * code request's CPU.
	 */
	@Bean
	FilterRegistrationBean<RequestContextFilter> noRequestContextFilter() {
		FilterRegistrationBean<RequestContextFilter> registration = new FilterRegistrationBean<>(
				new RequestContextFilter());
		registration.setEnabled(false);
		return registration;
	}

	/**
	 * Requests Jetty rejects before the servlet context sees them (a request line or
	 * header it cannot parse) are answered by the server's error handler; ours writes the
	 * envelope. Jetty writes a response's charset in lower case unless told to be strict,
	 * and the contract's content type is {@code application/json;charset=UTF-8} to the
	 * letter. The flag is read once, when Jetty first writes a response, which is after
	 * the server is customized.
	 */
	@Bean
	JettyServerCustomizer jsonErrorHandler() {
		System.setProperty("org.eclipse.jetty.http.HttpGenerator.STRICT", "true");
		return (server) -> server.setErrorHandler(new JsonErrorHandler());
	}

	/** Every handler mapping refuses foreign origins in the envelope. */
	@Bean
	static BeanPostProcessor jsonCorsRejections() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractHandlerMapping mapping) {
					mapping.setCorsProcessor(new JsonCorsProcessor());
				}
				return bean;
			}
		};
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
