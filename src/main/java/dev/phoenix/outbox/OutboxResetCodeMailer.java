package dev.phoenix.outbox;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.phoenix.resetcode.ResetCodeMailer;
import dev.phoenix.resetcode.ResetCodeStore;
import dev.phoenix.resetcode.ResetCodeStore.PendingCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Accepting a code request queues its mail in the outbox, sealed here and written with
 * its code ({@link ResetCodeStore#issue}); workers in any instance send it. The request
 * never waits for SMTP, and a restart or an SMTP outage loses nothing. A full outbox
 * ({@code OUTBOX_MAX_DEPTH}) refuses the mail rather than drop an older one: the code is
 * not issued either, and the caller answers 503.
 */
@Component
final class OutboxResetCodeMailer implements ResetCodeMailer {

	private static final Log logger = LogFactory.getLog(OutboxResetCodeMailer.class);

	private final OutboxCipher cipher;

	private final OutboxProperties properties;

	private final Counter refused;

	private final AtomicBoolean full = new AtomicBoolean();

	OutboxResetCodeMailer(OutboxCipher cipher, OutboxProperties properties, MeterRegistry registry) {
		this.cipher = cipher;
		this.properties = properties;
		this.refused = Counter.builder("phoenix.outbox.refused")
			.description("Code requests refused because the outbox held OUTBOX_MAX_DEPTH undelivered mails")
			.register(registry);
	}

	@Override
	public QueuedMail seal(ResetCodeMail mail, PendingCode pending) {
		return new QueuedMail(pending,
				this.cipher.seal(mail, associatedData(pending.addressKeyId(), pending.codeHash())),
				this.properties.maxDepth(), this.properties.keyTtl());
	}

	@Override
	public void queued(boolean accepted) {
		if (accepted) {
			if (this.full.compareAndSet(true, false)) {
				logger.info("The mail outbox accepts new mails again");
			}
			return;
		}
		this.refused.increment();
		if (this.full.compareAndSet(false, true)) {
			logger.error("The mail outbox holds OUTBOX_MAX_DEPTH=" + this.properties.maxDepth()
					+ " undelivered mails: new code requests are refused with 503 until it drains");
		}
	}

	static String associatedData(String addressKeyId, String codeHash) {
		return addressKeyId + '\n' + codeHash;
	}

}
