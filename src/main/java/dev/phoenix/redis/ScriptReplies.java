package dev.phoenix.redis;

import java.util.List;

/**
 * The scripts' replies by name: each record reads one script's reply, whose layout is
 * documented at the top of the script.
 */
final class ScriptReplies {

	private ScriptReplies() {
	}

	/** {@code issue.lua}: {0, written, before} or {refusal, retryAfterMs}. */
	record IssueReply(int status, long retryAfterMs, Object written, Object before) {

		static final int ISSUED = 0;

		static IssueReply of(List<Object> reply) {
			int status = (int) number(reply, 0);
			return (status == ISSUED) ? new IssueReply(status, 0, reply.get(1), reply.get(2))
					: new IssueReply(status, number(reply, 1), "", "");
		}

	}

	/** {@code request.lua}: see its header. */
	record RequestReply(int status, long retryAfterMs) {

		static final int ISSUED = 0;

		static final int OUTBOX_FULL = 6;

		static RequestReply of(List<Object> reply) {
			int status = (int) number(reply, 0);
			return new RequestReply(status, (reply.size() > 1) ? number(reply, 1) : 0);
		}

	}

	/** {@code verify.lua}: see its header. */
	record VerifyReply(int outcome, int remaining, Object written, Object before, Object token, Object tokenBefore,
			long tokenPttlBefore, boolean addressLocked) {

		static final int VERIFIED = 0;

		static final int MISMATCH = 1;

		static final int EXHAUSTED = 2;

		static final int NO_CODE = 3;

		static VerifyReply of(List<Object> reply) {
			int outcome = (int) number(reply, 0);
			return switch (outcome) {
				case VERIFIED -> new VerifyReply(outcome, 0, reply.get(2), reply.get(3), reply.get(4), reply.get(5),
						number(reply, 6), false);
				case MISMATCH ->
					new VerifyReply(outcome, (int) number(reply, 1), reply.get(2), reply.get(3), "", "", 0, false);
				case EXHAUSTED ->
					new VerifyReply(outcome, 0, reply.get(2), reply.get(3), "", "", 0, number(reply, 4) == 1);
				default -> new VerifyReply(NO_CODE, 0, "", "", "", "", 0, false);
			};
		}

		boolean changedState() {
			return this.outcome != NO_CODE;
		}

	}

	/** {@code inspect.lua}: times in ms, 0 for none. */
	record InspectReply(boolean exists, long now, long codeExpiry, int attemptsLeft, long cooldownUntil, long hourStart,
			int codesThisHour, long tokenExpiry, long dayStart, int codesToday, int failuresToday) {

		static InspectReply of(List<Object> reply) {
			return new InspectReply(number(reply, 0) == 1, number(reply, 1), number(reply, 2), (int) number(reply, 3),
					number(reply, 4), number(reply, 5), (int) number(reply, 6), number(reply, 7), number(reply, 8),
					(int) number(reply, 9), (int) number(reply, 10));
		}

	}

	/** {@code redeem.lua}: {1, sealedAddress} or {0}. */
	record RedeemReply(boolean redeemed, String sealedAddress) {

		static RedeemReply of(List<Object> reply) {
			return (number(reply, 0) == 1) ? new RedeemReply(true, String.valueOf(reply.get(1)))
					: new RedeemReply(false, "");
		}

	}

	/** {@code attempt.lua}: the wait when the per-IP cap refused the try, else 0. */
	static long ipCapWait(List<Object> reply) {
		return (number(reply, 0) == IP_CAP) ? number(reply, 1) : 0;
	}

	private static final int IP_CAP = 4;

	static long number(List<Object> reply, int index) {
		Object value = reply.get(index);
		return (value instanceof Number number) ? number.longValue() : Long.parseLong(String.valueOf(value));
	}

}
