package dev.phoenix.mail;

import java.util.Properties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

/**
 * SMTP when {@code MAIL_HOST} is set, else the log (the prod profile refuses to start
 * without {@code MAIL_HOST}, so the log sender only ever runs in dev).
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

	/**
	 * Jakarta Mail 2.1 finds its {@code StreamProvider} anew for every message and body
	 * part, by a ServiceLoader scan of the thread's class loader: every jar of the
	 * application, on each call. Named in this system property, it is one class lookup
	 * instead. The benchmark's profile put the scan at 17 % of the service's CPU while
	 * codes were issued (docs/performance.md).
	 */
	static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

	@Bean
	CodeMailSender codeMailSender(MailProperties properties, ResetCodeMailComposer composer) {
		if (!properties.smtpConfigured()) {
			return new LogCodeMailSender(composer);
		}
		if (System.getProperty(STREAM_PROVIDER) == null) {
			// Angus Mail's, the implementation that spring-boot-starter-mail brings.
			System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
		}
		return new SmtpCodeMailSender(javaMailSender(properties), composer, properties.from());
	}

	static JavaMailSenderImpl javaMailSender(MailProperties properties) {
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
		// No mail.smtp.writetimeout: Angus Mail runs a thread per connection and
		// schedules a task per write for it. A code mail is a few KB, which the
		// socket's send buffer takes at once, and every command then waits for
		// the reply under mail.smtp.timeout, so a server that stops reading is
		// caught by that read (SmtpCodeMailSenderTests).
		boolean startTlsRequired = properties.startTlsRequired();
		javaMail.setProperty("mail.smtp.starttls.enable", Boolean.toString(properties.starttls() || startTlsRequired));
		javaMail.setProperty("mail.smtp.starttls.required", Boolean.toString(startTlsRequired));
		javaMail.setProperty("mail.smtp.auth", Boolean.toString(authenticated));
		// Addresses like 사용자@example.com pass validation; SMTPUTF8 servers can take them.
		javaMail.setProperty("mail.mime.allowutf8", "true");
		return sender;
	}

}
