package dev.phoenix.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.phoenix.mail.CodeMailSender;
import dev.phoenix.mail.MailMetrics;
import dev.phoenix.resetcode.ResetCodeMailer.ResetCodeMail;
import dev.phoenix.resetcode.ResetCodeStore;
import dev.phoenix.resetcode.ResetCodeStore.PendingCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;

/**
 * Works outbox jobs a batch at a time: open them, make sure each code is still the
 * pending one (one round trip for the batch), send them over one SMTP connection, then
 * acknowledge them together. A failed send is reported to the caller, which parks the job
 * until its backoff ends. Sending before acknowledging makes delivery at-least-once: a
 * crash between the two sends the mail again, which is harmless (the same code).
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
	 * Works a batch of jobs; the ids of those whose send failed (or that cannot be opened
	 * here), for the caller to park until their backoff ends. Every other job is done
	 * (sent, skipped or dead-lettered) and acknowledged. A Redis failure propagates: the
	 * jobs stay with the caller's consumer, to be read again.
	 */
	List<String> deliver(List<MapRecord<String, Object, Object>> jobs) {
		List<String> failed = new ArrayList<>();
		List<OpenedJob> opened = openAll(jobs, failed);
		if (opened.isEmpty()) {
			return failed;
		}
		List<String> done = new ArrayList<>(opened.size());
		List<OpenedJob> toSend = stillPending(opened, done);
		Map<Integer, MailException> failures = toSend.isEmpty() ? Map.of()
				: this.sender.send(toSend.stream().map(OpenedJob::mail).toList());
		for (int i = 0; i < toSend.size(); i++) {
			settle(toSend.get(i), failures.get(i), done, failed);
		}
		this.outbox.ack(done);
		return failed;
	}

	private List<OpenedJob> openAll(List<MapRecord<String, Object, Object>> jobs, List<String> failed) {
		List<OpenedJob> opened = new ArrayList<>(jobs.size());
		for (MapRecord<String, Object, Object> job : jobs) {
			String id = job.getId().getValue();
			Map<String, String> fields = MailOutbox.fields(job);
			try {
				opened.add(new OpenedJob(id,
						new PendingCode(fields.getOrDefault("a", ""), fields.getOrDefault("h", "")), open(fields)));
			}
			catch (IllegalArgumentException ex) {
				// Sealed with a secret this instance does not have (a rotation being
				// rolled out) or damaged: parked like a failed send, so an instance that
				// can open it takes it after the backoff; after OUTBOX_MAX_DELIVERIES it
				// is dead-lettered.
				logger.warn("Outbox job " + id + " cannot be opened here (RESET_CODE_SECRET changed?); left for retry");
				failed.add(id);
			}
		}
		return opened;
	}

	/**
	 * The jobs whose code is still pending, checked in one round trip; the others go to
	 * {@code done}: a newer code replaced theirs, or it was used or revoked, and their
	 * mail would only mislead.
	 */
	private List<OpenedJob> stillPending(List<OpenedJob> opened, List<String> done) {
		List<Boolean> pending = this.store.arePending(opened.stream().map(OpenedJob::code).toList());
		List<OpenedJob> toSend = new ArrayList<>(opened.size());
		for (int i = 0; i < opened.size(); i++) {
			if (pending.get(i)) {
				toSend.add(opened.get(i));
			}
			else {
				this.metrics.skipped();
				done.add(opened.get(i).id());
			}
		}
		return toSend;
	}

	/**
	 * Counts a sent job when it happens, before the acknowledgement: an acknowledgement
	 * whose reply is lost (Redis stopping) still took the job away, and the mail was
	 * sent.
	 */
	private void settle(OpenedJob job, @Nullable MailException failure, List<String> done, List<String> failed) {
		if (failure == null) {
			this.metrics.sent(MailOutbox.ageOf(RecordId.of(job.id())));
			done.add(job.id());
		}
		else if (failure instanceof MailPreparationException || failure instanceof MailParseException) {
			// The mail cannot be built for this address: retrying would fail the same
			// way.
			this.metrics.failed();
			if (this.outbox.bury(job.id(), "unsendable")) {
				this.metrics.deadLettered();
				logger.error("The code mail to " + job.mail().to().masked() + " cannot be built; dead-lettered");
			}
		}
		else {
			this.metrics.failed();
			logger.warn("Sending the code mail to " + job.mail().to().masked() + " (job " + job.id()
					+ ") failed, will retry: " + failure.getClass().getSimpleName());
			failed.add(job.id());
		}
	}

	private record OpenedJob(String id, PendingCode code, ResetCodeMail mail) {
	}

	private ResetCodeMail open(Map<String, String> fields) {
		return this.cipher.open(fields.getOrDefault("p", ""),
				OutboxResetCodeMailer.associatedData(fields.getOrDefault("a", ""), fields.getOrDefault("h", "")));
	}

}
