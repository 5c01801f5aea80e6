/**
 * Mailing codes: templates, SMTP delivery off the request thread with bounded retries,
 * and the dev-time log mailer.
 */
@NullMarked
package dev.phoenix.mail;

import org.jspecify.annotations.NullMarked;
