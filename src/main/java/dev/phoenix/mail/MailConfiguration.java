package dev.phoenix.mail;

import java.util.Properties;

import dev.phoenix.resetcode.ResetCodeMailer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

/**
 * SMTP when {@code MAIL_HOST} is set, else the log mailer (the prod profile refuses to
 * start without {@code MAIL_HOST}, so the log mailer only ever runs in dev).
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

	@Bean
	ResetCodeMailer resetCodeMailer(MailProperties properties, ResetCodeMailComposer composer, MailMetrics metrics) {
		if (!properties.smtpConfigured()) {
			return new LogResetCodeMailer(composer, metrics);
		}
		return new SmtpResetCodeMailer(javaMailSender(properties), composer, properties, metrics);
	}

	private static JavaMailSenderImpl javaMailSender(MailProperties properties) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(properties.host());
		sender.setPort(properties.port());
		boolean authenticated = StringUtils.hasText(properties.username());
		if (authenticated) {
			sender.setUsername(properties.username());
			sender.setPassword(properties.password());
		}
		sender.setDefaultEncoding("UTF-8");
		String timeout = Long.toString(properties.timeout().toMillis());
		Properties javaMail = sender.getJavaMailProperties();
		javaMail.setProperty("mail.smtp.connectiontimeout", timeout);
		javaMail.setProperty("mail.smtp.timeout", timeout);
		javaMail.setProperty("mail.smtp.writetimeout", timeout);
		javaMail.setProperty("mail.smtp.starttls.enable", Boolean.toString(properties.starttls()));
		javaMail.setProperty("mail.smtp.auth", Boolean.toString(authenticated));
		return sender;
	}

}
