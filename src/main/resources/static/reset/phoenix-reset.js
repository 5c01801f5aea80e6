/**
 * phoenix-reset.js: a browser client for Phoenix's password-reset codes.
 *
 * An ES module with no dependencies and no build step. Every call resolves to a plain
 * result object whose `kind` says what happened; it never throws for an answer of the
 * service, only for a caller's abort (an AbortError). See docs/frontend.md.
 *
 *   import { createResetClient } from './phoenix-reset.js';
 *   const phoenix = createResetClient({ baseUrl: 'https://auth.example.com' });
 *   const sent = await phoenix.requestCode('user@example.com');
 *   if (sent.kind === 'ok') { ... sent.resendAvailableInSeconds ... }
 *
 * Results (every one also has `message`: the service's localized text, or null when the
 * service could not be reached; and `status`: the HTTP status, 0 without an answer):
 *   { kind: 'ok', expiresInSeconds, resendAvailableInSeconds }   requestCode
 *   { kind: 'ok', resetToken, expiresInSeconds }                 verifyCode
 *   { kind: 'invalidCode', remainingAttempts }
 *   { kind: 'rateLimited', retryAfterSeconds }
 *   { kind: 'expired' }            no pending code: ask for a new one
 *   { kind: 'tooManyAttempts' }    that was the last attempt: ask for a new one
 *   { kind: 'unavailable', code }  the service or the network failed: retrying may help
 *   { kind: 'invalidRequest', fields, code }   [{ field, reason }]: fix the input
 */

/** The kinds a result can have. */
export const Kind = Object.freeze({
	OK: 'ok',
	INVALID_CODE: 'invalidCode',
	RATE_LIMITED: 'rateLimited',
	EXPIRED: 'expired',
	TOO_MANY_ATTEMPTS: 'tooManyAttempts',
	UNAVAILABLE: 'unavailable',
	INVALID_REQUEST: 'invalidRequest',
});

const DEFAULT_TIMEOUT_MS = 15000;

/**
 * A client for the service at `baseUrl` (default: this page's origin).
 *
 * Options: `baseUrl`; `languages`, the user's languages in order of preference (default
 * `navigator.languages`), sent as `Accept-Language` so that `message` is in the user's
 * language (Korean, or English); `timeoutMs` per request (default 15 s); `fetch`, for
 * tests.
 */
export function createResetClient(options = {}) {
	const baseUrl = String(options.baseUrl ?? '').replace(/\/+$/, '');
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
	const languages = () => options.languages ?? globalThis.navigator?.languages ?? [];

	async function post(path, body, signal) {
		const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
		const accepted = acceptLanguage(languages());
		if (accepted) {
			headers['Accept-Language'] = accepted;
		}
		let response;
		try {
			response = await fetchImpl(baseUrl + path, {
				method: 'POST',
				headers,
				body: JSON.stringify(body),
				// The service needs no cookie, and nothing it answers may be cached.
				credentials: 'omit',
				cache: 'no-store',
				signal: signal ?? timeoutSignal(timeoutMs),
			});
		}
		catch (error) {
			if (signal?.aborted) {
				throw error;
			}
			return { kind: Kind.UNAVAILABLE, code: 'NETWORK_ERROR', status: 0, message: null };
		}
		let envelope = null;
		try {
			envelope = await response.json();
		}
		catch {
			// Not the service's JSON (a proxy's error page, say): treated as unavailable below.
		}
		return toResult(response, envelope);
	}

	return Object.freeze({
		/** Asks for a code mailed to `email`. The answer is the same whether or not it has an account. */
		requestCode(email, { signal } = {}) {
			return post('/auth/reset-code', { email: String(email) }, signal);
		},
		/** Checks `code` for `email`; on success the result carries the reset token. */
		verifyCode(email, code, { signal } = {}) {
			return post('/auth/reset-code/verify', { email: String(email), code: normalizeCode(code) }, signal);
		},
	});
}

/**
 * The code as the service expects it, from what a user typed or pasted: spaces, hyphens
 * and line breaks dropped, full-width digits (a Korean or Japanese keyboard) made ASCII.
 */
export function normalizeCode(input) {
	return String(input).normalize('NFKC').replace(/[\s-]/g, '');
}

/** `ko` or `en`: the first of the user's languages that Phoenix speaks, Korean by default. */
export function preferredLanguage(languages = globalThis.navigator?.languages ?? []) {
	for (const tag of languages) {
		const language = String(tag).toLowerCase().split('-')[0];
		if (language === 'ko' || language === 'en') {
			return language;
		}
	}
	return 'ko';
}

/** An Accept-Language header listing `languages` in order, with falling quality values. */
export function acceptLanguage(languages) {
	const tags = Array.from(languages ?? [])
		.map(String)
		.filter((tag) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag))
		.slice(0, 10);
	return tags.map((tag, i) => (i === 0 ? tag : `${tag};q=${(1 - i / 10).toFixed(1)}`)).join(', ');
}

function toResult(response, envelope) {
	const status = response.status;
	const message = typeof envelope?.message === 'string' ? envelope.message : null;
	if (envelope?.success === true && response.ok) {
		return { kind: Kind.OK, ...envelope.data, status, message };
	}
	const error = envelope?.error ?? {};
	const code = typeof error.code === 'string' ? error.code : null;
	switch (code) {
		case 'INVALID_CODE':
			return { kind: Kind.INVALID_CODE, remainingAttempts: error.remainingAttempts, status, message };
		case 'RATE_LIMITED':
			return { kind: Kind.RATE_LIMITED, retryAfterSeconds: retryAfter(response, error), status, message };
		case 'CODE_EXPIRED':
			return { kind: Kind.EXPIRED, status, message };
		case 'TOO_MANY_ATTEMPTS':
			return { kind: Kind.TOO_MANY_ATTEMPTS, status, message };
		case 'INVALID_REQUEST':
			return { kind: Kind.INVALID_REQUEST, code, fields: error.fields ?? [], status, message };
		default:
			break;
	}
	if (status >= 400 && status < 500 && code !== null) {
		// 404, 405, 413, 415, a refused origin: the caller's request is wrong, retrying will not help.
		return { kind: Kind.INVALID_REQUEST, code, fields: [], status, message };
	}
	// STORE_UNAVAILABLE, INTERNAL_ERROR, or no envelope at all.
	return { kind: Kind.UNAVAILABLE, code: code ?? 'BAD_RESPONSE', status, message };
}

/** Whole seconds from `Retry-After` (exposed to other origins by Phoenix's CORS setup). */
function retryAfter(response, error) {
	const header = response.headers.get('Retry-After');
	if (header !== null && /^\d+$/.test(header.trim())) {
		return Number(header.trim());
	}
	if (header !== null && !Number.isNaN(Date.parse(header))) {
		return Math.max(0, Math.ceil((Date.parse(header) - Date.now()) / 1000));
	}
	return Number.isFinite(error.retryAfterSeconds) ? error.retryAfterSeconds : 60;
}

function timeoutSignal(ms) {
	return typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(ms) : undefined;
}
