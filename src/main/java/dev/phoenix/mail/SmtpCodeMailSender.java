package dev.phoenix.mail;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.jspecify.annotations.Nullable;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Code mails (text and HTML, rendered by {@link CodeMailRenderer}) through SMTP, bounded
 * by the SMTP timeouts. A batch goes over one connection, and another is opened only when
 * the server dropped it: a connection, its greeting and EHLO cost more than a message,
 * and were most of the CPU per mail when each mail had a connection of its own
 * (docs/performance.md). The {@link JavaMailSenderImpl} holds the session and the
 * server's address; its own {@code send} is not used, because it checks the connection
 * with a NOOP before every message.
 */
final class SmtpCodeMailSender implements CodeMailSender {

	private final JavaMailSenderImpl sender;

	private final ResetCodeMailComposer composer;

	private final CodeMailRenderer renderer;

	SmtpCodeMailSender(JavaMailSenderImpl sender, ResetCodeMailComposer composer, String from) {
		this.sender = sender;
		this.composer = composer;
		try {
			// The From header exactly as Jakarta Mail writes it, made once.
			MimeMessage probe = sender.createMimeMessage();
			new MimeMessageHelper(probe, "UTF-8").setFrom(from);
			String address = ((InternetAddress) probe.getFrom()[0]).getAddress();
			// The SMTP envelope's sender (MAIL FROM), which Jakarta Mail would otherwise
			// read from each message's From header.
			sender.getSession().getProperties().setProperty("mail.smtp.from", address);
			String domain = address.substring(address.lastIndexOf('@') + 1);
			this.renderer = new CodeMailRenderer(probe.getHeader("From", ","), domain);
		}
		catch (MessagingException ex) {
			throw new IllegalArgumentException("MAIL_FROM is not a mail address", ex);
		}
	}

	@Override
	public Map<Integer, MailException> send(List<ResetCodeMail> mails) {
		Map<Integer, MailException> failures = new TreeMap<>();
		Transport transport = null;
		boolean checkConnection = false;
		try {
			for (int i = 0; i < mails.size(); i++) {
				Outgoing outgoing;
				try {
					outgoing = toMessage(mails.get(i));
				}
				catch (MailPreparationException ex) {
					failures.put(i, ex);
					continue;
				}
				// Asking the server whether the connection still works costs a NOOP round
				// trip (Transport.isConnected), so it is asked only after a failure;
				// JavaMailSender.send asks before every message.
				if (transport == null || (checkConnection && !transport.isConnected())) {
					closeQuietly(transport);
					transport = null;
					try {
						transport = connect();
					}
					catch (MailException ex) {
						for (int rest = i; rest < mails.size(); rest++) {
							failures.putIfAbsent(rest, ex);
						}
						return failures;
					}
				}
				try {
					transport.sendMessage(outgoing.message(), outgoing.recipients());
					checkConnection = false;
				}
				catch (MessagingException ex) {
					failures.put(i, new MailSendException("The server did not take the code mail", ex));
					checkConnection = true;
				}
			}
			return failures;
		}
		finally {
			// Every message was taken or refused by now: a failed QUIT changes nothing.
			closeQuietly(transport);
		}
	}

	private Transport connect() {
		try {
			Transport transport = this.sender.getSession().getTransport("smtp");
			transport.connect(this.sender.getHost(), this.sender.getPort(), this.sender.getUsername(),
					this.sender.getPassword());
			return transport;
		}
		catch (AuthenticationFailedException ex) {
			throw new MailAuthenticationException(ex);
		}
		catch (MessagingException ex) {
			throw new MailSendException("Mail server connection failed", ex);
		}
	}

	private static void closeQuietly(@Nullable Transport transport) {
		if (transport != null) {
			try {
				transport.close();
			}
			catch (MessagingException ex) {
				// The connection is gone either way.
			}
		}
	}

	private Outgoing toMessage(ResetCodeMail mail) {
		try {
			// Parsed as MimeMessageHelper.setTo parses it: the SMTP envelope's recipient.
			Address[] to = InternetAddress.parse(mail.to().value());
			byte[] rendered = this.renderer.render(mail.to().value(), this.composer.compose(mail));
			return new Outgoing(new RenderedMimeMessage(this.sender.getSession(), rendered), to);
		}
		catch (MessagingException | RuntimeException ex) {
			throw new MailPreparationException("Could not build the code mail", ex);
		}
	}

	/** A rendered message and its SMTP envelope's recipients. */
	private record Outgoing(MimeMessage message, Address[] recipients) {
	}

}
