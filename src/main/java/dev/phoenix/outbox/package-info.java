/**
 * The durable mail outbox: code mails are queued in a Redis Stream, taken by workers in
 * every instance through a consumer group, retried with backoff, claimed from dead
 * instances, and dead-lettered after too many failures.
 */
@NullMarked
package dev.phoenix.outbox;

import org.jspecify.annotations.NullMarked;
