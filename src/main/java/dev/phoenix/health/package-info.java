/**
 * {@code GET /auth/redis/health}, the ops endpoint of the design document.
 */
@NullMarked
package dev.phoenix.health;

import org.jspecify.annotations.NullMarked;
