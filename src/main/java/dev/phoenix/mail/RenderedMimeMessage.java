package dev.phoenix.mail;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MIME message whose bytes (headers and body) were written out beforehand by
 * {@link CodeMailRenderer}. Nothing lives in the {@link MimeMessage} itself (the SMTP
 * envelope's sender is the session's {@code mail.smtp.from}, its recipient is given to
 * {@code Transport.sendMessage}): {@link #saveChanges()} has nothing to update and
 * {@link #writeTo(OutputStream, String[])} writes the bytes as they are. Building the
 * same mail through {@code MimeMessageHelper} (nested multiparts, header parsing and
 * re-encoding on every save) was half of the outbox's CPU per mail (docs/performance.md).
 */
final class RenderedMimeMessage extends MimeMessage {

	private final byte[] rendered;

	RenderedMimeMessage(Session session, byte[] rendered) {
		super(session);
		this.rendered = rendered;
	}

	@Override
	public void saveChanges() {
		// Nothing to update: the rendered bytes are the message.
	}

	@Override
	public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
		out.write(this.rendered);
	}

}
