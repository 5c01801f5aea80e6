package dev.phoenix.resetpage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The page's gate, with the properties it reads. A configuration rather than a component
 * scanned filter: web slices of other features ({@code @WebMvcTest}) pick up every
 * {@code Filter} component, and would then need this feature's properties too.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResetPageProperties.class)
class ResetPageConfiguration {

	@Bean
	ResetPageFilter resetPageFilter(ResetPageProperties properties) {
		return new ResetPageFilter(properties);
	}

}
