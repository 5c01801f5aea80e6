package dev.phoenix.resetcode;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class ResetCodeWebConfiguration implements WebMvcConfigurer {

	private final InternalCaller internalCaller;

	ResetCodeWebConfiguration(InternalCaller internalCaller) {
		this.internalCaller = internalCaller;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.internalCaller).addPathPatterns(InternalCaller.PATHS);
	}

}
