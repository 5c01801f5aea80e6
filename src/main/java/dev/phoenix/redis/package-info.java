/**
 * Redis: the store behind the reset-code feature, key naming, client settings, the
 * dev-time embedded server.
 */
@NullMarked
package dev.phoenix.redis;

import org.jspecify.annotations.NullMarked;
