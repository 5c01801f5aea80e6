package dev.phoenix.outbox;

import java.util.Map;

import dev.phoenix.mail.CodeMailSender;
import dev.phoenix.mail.MailMetrics;
import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import dev.phoenix.resetcode.ResetCodeStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;

/**
 * Works one outbox job: open it, make sure its code is still the pending one, send, then
 * acknowledge. A failed send is reported to the caller, which parks the job until its
 * backoff ends. Sending before acknowledging makes delivery at-least-once: a crash
 * between the two sends the mail again, which is harmless (the same code).
 */
@Component
class OutboxDelivery {

	private static final Log logger = LogFactory.getLog(OutboxDelivery.class);

	private final MailOutbox outbox;

	private final OutboxCipher cipher;

	private final ResetCodeStore store;

	private final CodeMailSender sender;

	private final MailMetrics metrics;

	OutboxDelivery(MailOutbox outbox, OutboxCipher cipher, ResetCodeStore store, CodeMailSender sender,
			MailMetrics metrics) {
		this.outbox = outbox;
		this.cipher = cipher;
		this.store = store;
		this.sender = sender;
		this.metrics = metrics;
	}

	/**
	 * Why a job that used up its deliveries goes to the dead-letter stream:
	 * {@code unreadable} if no secret this instance accepts opens it, else its failed
	 * deliveries.
	 */
	String deadLetterReason(String id, long deliveries) {
		Map<String, String> fields = this.outbox.entry(id);
		try {
			open(fields);
			return "failed " + deliveries + " deliveries";
		}
		catch (IllegalArgumentException ex) {
			return "unreadable";
		}
	}

	/**
	 * True if the job is done (sent, skipped or dead-lettered), false if the send failed.
	 * A Redis failure propagates: the job stays with the caller's consumer, to be read
	 * again.
	 */
	boolean deliver(String id, Map<String, String> fields) {
		String addressKeyId = fields.getOrDefault("a", "");
		String codeHash = fields.getOrDefault("h", "");
		ResetCodeMail mail;
		try {
			mail = open(fields);
		}
		catch (IllegalArgumentException ex) {
			// Sealed with a secret this instance does not have (a rotation being rolled
			// out)
			// or damaged: parked like a failed send, so an instance that can open it
			// takes it
			// after the backoff; after OUTBOX_MAX_DELIVERIES it is dead-lettered.
			logger.warn("Outbox job " + id + " cannot be opened here (RESET_CODE_SECRET changed?); left for retry");
			return false;
		}
		try {
			// Counted when it happens, before the acknowledgement: an acknowledgement
			// whose
			// reply is lost (Redis stopping) still took the job away, and the mail was
			// sent.
			if (!this.store.isPending(addressKeyId, codeHash)) {
				this.metrics.skipped();
				this.outbox.ack(id);
				return true;
			}
			this.sender.send(mail);
			this.metrics.sent(MailOutbox.ageOf(RecordId.of(id)));
			this.outbox.ack(id);
			return true;
		}
		catch (MailPreparationException | MailParseException ex) {
			// The mail cannot be built for this address: retrying would fail the same
			// way.
			this.metrics.failed();
			if (this.outbox.bury(id, "unsendable")) {
				this.metrics.deadLettered();
				logger.error("The code mail to " + mail.to().masked() + " cannot be built; dead-lettered");
			}
			return true;
		}
		catch (MailException ex) {
			this.metrics.failed();
			logger.warn("Sending the code mail to " + mail.to().masked() + " (job " + id + ") failed, will retry: "
					+ ex.getClass().getSimpleName());
			return false;
		}
	}

	private ResetCodeMail open(Map<String, String> fields) {
		return this.cipher.open(fields.getOrDefault("p", ""),
				OutboxResetCodeMailer.associatedData(fields.getOrDefault("a", ""), fields.getOrDefault("h", "")));
	}

}
