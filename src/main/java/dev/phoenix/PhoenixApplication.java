package dev.phoenix;

import dev.phoenix.system.DnsCacheTtl;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PhoenixApplication {

	public static void main(String[] args) {
		// Before anything resolves a host name: the JVM reads the DNS cache TTL only
		// once.
		DnsCacheTtl.apply(System.getenv());
		SpringApplication.run(PhoenixApplication.class, args);
	}

}
