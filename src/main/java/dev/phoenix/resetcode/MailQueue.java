package dev.phoenix.resetcode;

import java.time.Duration;

/**
 * The queue that {@link ResetCodeMailer} puts mails in, as operators see it: how much
 * waits, and for how long. Read from a cache, never from the queue itself on the caller's
 * thread.
 */
public interface MailQueue {

	Statistics statistics();

	/**
	 * The queue at one moment.
	 *
	 * @param depth mails not yet delivered: waiting or being sent
	 * @param pending mails given to a worker and not yet done
	 * @param oldestPending age of the oldest mail not yet done
	 * @param deadLetters mails given up on
	 */
	record Statistics(long depth, long pending, Duration oldestPending, long deadLetters) {

		public static final Statistics EMPTY = new Statistics(0, 0, Duration.ZERO, 0);

	}

}
