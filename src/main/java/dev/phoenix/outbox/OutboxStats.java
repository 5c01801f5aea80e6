package dev.phoenix.outbox;

import java.time.Duration;

/**
 * The outbox queue at one moment.
 *
 * @param depth jobs in the stream: waiting or being worked on
 * @param pending jobs delivered to a worker and not yet acknowledged
 * @param oldestPending age of the oldest job not yet done (read by a worker or not)
 * @param deadLetters jobs in the dead-letter stream
 */
public record OutboxStats(long depth, long pending, Duration oldestPending, long deadLetters) {
}
