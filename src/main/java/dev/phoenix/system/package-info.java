/**
 * Shared setup: the response envelope, error handling, i18n, CORS and the clock.
 */
@NullMarked
package dev.phoenix.system;

import org.jspecify.annotations.NullMarked;
