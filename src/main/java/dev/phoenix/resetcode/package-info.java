/**
 * The reset-code feature: request a code, verify it for a reset token, consume the token.
 * Imports no Redis or mail classes; those live behind
 * {@link dev.phoenix.resetcode.ResetCodeStore} and
 * {@link dev.phoenix.resetcode.ResetCodeMailer}.
 */
@NullMarked
package dev.phoenix.resetcode;

import org.jspecify.annotations.NullMarked;
