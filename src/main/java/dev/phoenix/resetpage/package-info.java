/**
 * The reference page {@code /reset}: the whole reset flow in a browser, served from
 * {@code static/reset/} with its security headers, or 404 when turned off.
 */
@NullMarked
package dev.phoenix.resetpage;

import org.jspecify.annotations.NullMarked;
