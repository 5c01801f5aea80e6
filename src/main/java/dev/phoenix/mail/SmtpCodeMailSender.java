package dev.phoenix.mail;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import dev.phoenix.system.Causes;
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
 * (docs/performance.md). A connection is kept open after its batch for the next one, if
 * that comes within {@link #KEEP_IDLE}: under a steady load a worker's batches are small
 * and follow each other closely. One left idle longer is closed (QUIT) when a later batch
 * finds it, or when the application stops; until then the server may close it on its own
 * idle timeout, which costs nothing. The {@link JavaMailSenderImpl} holds the session and
 * the server's address; its own {@code send} is not used, because it checks the
 * connection with a NOOP before every message.
 */
final class SmtpCodeMailSender implements CodeMailSender, AutoCloseable {

	/**
	 * Far below the idle timeouts of SMTP servers (RFC 5321 asks for 5 minutes), so a
	 * kept connection is rarely found closed; one that is is replaced without a failure.
	 */
	static final Duration KEEP_IDLE = Duration.ofSeconds(2);

	private final JavaMailSenderImpl sender;

	private final long keepIdleNanos;

	/** Connections between batches, the most recently used first. */
	private final Deque<IdleTransport> idle = new ConcurrentLinkedDeque<>();

	private final ResetCodeMailComposer composer;

	private final CodeMailRenderer renderer;

	SmtpCodeMailSender(JavaMailSenderImpl sender, ResetCodeMailComposer composer, String from) {
		this(sender, composer, from, KEEP_IDLE);
	}

	SmtpCodeMailSender(JavaMailSenderImpl sender, ResetCodeMailComposer composer, String from, Duration keepIdle) {
		this.sender = sender;
		this.keepIdleNanos = keepIdle.toNanos();
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
		Transport transport = takeIdle();
		// A kept connection the server has closed since fails its first message: that
		// message goes again on a new connection instead of failing.
		boolean kept = transport != null;
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
				while (true) {
					// Asking the server whether the connection still works costs a NOOP
					// round trip (Transport.isConnected), so it is asked only after a
					// failure; JavaMailSender.send asks before every message.
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
						if (kept && closedMeanwhile(transport, ex)) {
							kept = false;
							closeQuietly(transport);
							transport = null;
							continue;
						}
						failures.put(i, new MailSendException("The server did not take the code mail", ex));
						checkConnection = true;
					}
					kept = false;
					break;
				}
			}
			if (transport != null && !checkConnection) {
				keepIdle(transport);
				transport = null;
			}
			return failures;
		}
		finally {
			// Every message was taken or refused by now: a failed QUIT changes nothing.
			closeQuietly(transport);
		}
	}

	/**
	 * Whether a send failed because the server had closed the connection: not a refusal
	 * (the connection still answers a NOOP), nor a server that stopped answering (a read
	 * timeout, after which a new connection would wait as long again).
	 */
	private static boolean closedMeanwhile(Transport transport, MessagingException failure) {
		return Causes.of(failure).stream().noneMatch(SocketTimeoutException.class::isInstance)
				&& !transport.isConnected();
	}

	private @Nullable Transport takeIdle() {
		for (IdleTransport kept = this.idle.pollFirst(); kept != null; kept = this.idle.pollFirst()) {
			if (System.nanoTime() - kept.since() < this.keepIdleNanos) {
				return kept.transport();
			}
			closeQuietly(kept.transport());
		}
		return null;
	}

	private void keepIdle(Transport transport) {
		long now = System.nanoTime();
		this.idle.offerFirst(new IdleTransport(transport, now));
		// The least recently used, when it has been idle too long: not left open until a
		// batch comes for it.
		IdleTransport oldest = this.idle.peekLast();
		if (oldest != null && now - oldest.since() >= this.keepIdleNanos && this.idle.removeLastOccurrence(oldest)) {
			closeQuietly(oldest.transport());
		}
	}

	/** Closes the connections kept between batches (QUIT), when the application stops. */
	@Override
	public void close() {
		for (IdleTransport kept = this.idle.pollFirst(); kept != null; kept = this.idle.pollFirst()) {
			closeQuietly(kept.transport());
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

	private record IdleTransport(Transport transport, long since) {
	}

	/** A rendered message and its SMTP envelope's recipients. */
	private record Outgoing(MimeMessage message, Address[] recipients) {
	}

}
