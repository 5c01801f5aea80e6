// The reference page /reset: three steps (e-mail, code, done) on top of phoenix-reset.js.
// Outcomes are told in the service's own localized `message`; the page's own words (labels,
// hints, countdowns) are below in Korean and English. Nothing is ever written as HTML, only
// as text: the CSP enforces Trusted Types, so an innerHTML would fail rather than open a hole.
import { createResetClient, Kind, normalizeCode, preferredLanguage } from './phoenix-reset.js';

const TEXT = {
	ko: {
		title: '비밀번호 재설정 · Phoenix',
		heading: '비밀번호 재설정',
		emailTitle: '1단계: 이메일 주소',
		emailIntro: '이메일 주소를 입력하면 인증 코드를 보내 드립니다.',
		emailLabel: '이메일 주소',
		emailSubmit: '인증 코드 받기',
		waitBefore: '새 코드 요청까지 남은 시간:',
		verifyWaitBefore: '다시 확인할 수 있기까지 남은 시간:',
		retry: '다시 시도',
		haveCode: '이미 받은 코드 입력하기',
		codeTitle: '2단계: 인증 코드',
		codeIntro: '이 주소로 가입된 계정이 있다면 인증 코드를 메일로 보냈습니다:',
		codeLabel: '인증 코드',
		codeHint: '메일로 받은 숫자 코드를 입력하거나 붙여 넣으세요.',
		codeSubmit: '확인',
		resend: '새 코드 받기',
		changeEmail: '다른 이메일 주소 사용하기',
		doneTitle: '3단계: 완료',
		doneIntro: '인증되었습니다. 이제 새 비밀번호를 정할 수 있습니다.',
		nextSubmit: '새 비밀번호 정하기',
		nextMissing:
			'개발 모드: RESET_UI_NEXT_URL이 설정되지 않았습니다. 제품에서는 지금 비밀번호 서비스가 재설정 토큰을 받습니다(폼 필드 resetToken으로 POST). 토큰은 이 페이지에 표시하지 않습니다.',
		startOver: '처음부터 다시',
		remaining: (n) => `남은 시도 횟수: ${n}회`,
		waitFor: (time) => `${time} 후에 새 코드를 요청할 수 있습니다.`,
		verifyWaitFor: (time) => `${time} 후에 다시 확인할 수 있습니다.`,
		canRequest: '이제 새 코드를 요청할 수 있습니다.',
		emailInvalid: '올바른 이메일 주소를 입력하세요.',
		codeInvalid: '메일로 받은 숫자 코드 전체를 입력하세요.',
		network: '서버에 연결할 수 없습니다. 연결을 확인한 뒤 다시 시도하세요.',
		duration: (h, m, s) => [h && `${h}시간`, m && `${m}분`, (s || (!h && !m)) && `${s}초`].filter(Boolean).join(' '),
	},
	en: {
		title: 'Reset your password · Phoenix',
		heading: 'Reset your password',
		emailTitle: 'Step 1: your e-mail address',
		emailIntro: 'Enter your e-mail address and we will send you a verification code.',
		emailLabel: 'E-mail address',
		emailSubmit: 'Send me a code',
		waitBefore: 'Time before you can ask for a new code:',
		verifyWaitBefore: 'Time before you can try again:',
		retry: 'Try again',
		haveCode: 'I already have a code',
		codeTitle: 'Step 2: verification code',
		codeIntro: 'If an account exists for this address, we have e-mailed it a verification code:',
		codeLabel: 'Verification code',
		codeHint: 'Type or paste the code from the e-mail.',
		codeSubmit: 'Verify',
		resend: 'Send a new code',
		changeEmail: 'Use another e-mail address',
		doneTitle: 'Step 3: done',
		doneIntro: 'Verified. You can now choose a new password.',
		nextSubmit: 'Choose a new password',
		nextMissing:
			'Development mode: RESET_UI_NEXT_URL is not set. In the product, the password service would now receive the reset token (POSTed as the form field resetToken). The token is never shown on this page.',
		startOver: 'Start over',
		remaining: (n) => `Attempts left: ${n}`,
		waitFor: (time) => `You can ask for a new code in ${time}.`,
		verifyWaitFor: (time) => `You can try again in ${time}.`,
		canRequest: 'You can ask for a new code now.',
		emailInvalid: 'Enter a valid e-mail address.',
		codeInvalid: 'Enter the whole code from the e-mail, digits only.',
		network: 'Cannot reach the server. Check your connection and try again.',
		duration: (h, m, s) =>
			[h && `${h} h`, m && `${m} min`, (s || (!h && !m)) && `${s} s`].filter(Boolean).join(' '),
	},
};

const language = preferredLanguage(navigator.languages);
const t = TEXT[language];
const client = createResetClient();
const $ = (id) => document.getElementById(id);

const ui = {
	notice: $('notice'),
	alert: $('alert'),
	steps: { email: $('step-email'), code: $('step-code'), done: $('step-done') },
	emailForm: $('email-form'),
	email: $('email'),
	emailRetry: $('email-retry'),
	haveCode: $('have-code'),
	codeForm: $('code-form'),
	code: $('code'),
	codeAddress: $('code-address'),
	codeAttempts: $('code-attempts'),
	codeRetry: $('code-retry'),
	resend: $('resend'),
	changeEmail: $('change-email'),
	nextForm: $('next-form'),
	nextToken: $('next-form').elements.namedItem('resetToken'),
	nextMissing: $('next-missing'),
	startOver: $('start-over'),
};

const nextUrl = document.querySelector('meta[name="phoenix-next-url"]')?.content ?? '';

/** The address the current code was asked for, as the user typed it (the service normalizes). */
let address = '';
/** Held in memory only, until it is POSTed to the next URL. */
let resetToken = null;
let busy = false;

function formatDuration(seconds) {
	return t.duration(Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60);
}

/** A live countdown shown in one or more `role="timer"` elements (not announced each second). */
class Countdown {
	constructor(views, onEnd) {
		this.views = views;
		this.onEnd = onEnd;
		this.deadline = 0;
		this.key = null;
		this.interval = null;
	}

	start(seconds, key = null) {
		this.stop();
		this.key = key;
		this.deadline = Date.now() + Math.max(0, seconds) * 1000;
		this.interval = setInterval(() => this.render(), 250);
		this.render();
	}

	left() {
		return Math.max(0, Math.ceil((this.deadline - Date.now()) / 1000));
	}

	blocks(key = null) {
		return this.interval !== null && (this.key === null || this.key === key);
	}

	render() {
		const left = this.left();
		if (left === 0) {
			const wasRunning = this.interval !== null;
			this.stop();
			if (wasRunning) {
				this.onEnd();
			}
			return;
		}
		for (const { box, timer, visible } of this.views) {
			timer.textContent = formatDuration(left);
			box.hidden = !visible(this.key);
		}
	}

	stop() {
		clearInterval(this.interval);
		this.interval = null;
		for (const { box } of this.views) {
			box.hidden = true;
		}
	}
}

const sameAddress = (a, b) => a.trim().toLowerCase() === b.trim().toLowerCase();
const addressKey = (value) => value.trim().toLowerCase();

/** The resend cooldown of one address, shown on step 1 (while that address is typed) and step 2. */
const requestWait = new Countdown(
	[
		{ box: $('email-wait'), timer: $('email-countdown'), visible: (key) => key === addressKey(ui.email.value) },
		{ box: $('resend-wait'), timer: $('resend-countdown'), visible: () => true },
	],
	() => {
		ui.resend.removeAttribute('aria-disabled');
		notice(t.canRequest);
	},
);

/** A wait imposed on verification (the per-client-IP cap). */
const verifyWait = new Countdown([{ box: $('code-wait'), timer: $('code-countdown'), visible: () => true }], () => {});

function translate() {
	document.documentElement.lang = language;
	for (const element of document.querySelectorAll('[data-i18n]')) {
		element.textContent = t[element.dataset.i18n];
	}
}

// Setting a live region to the same text twice is not announced: empty it first.
function say(region, other, text) {
	other.textContent = '';
	region.textContent = '';
	setTimeout(() => {
		region.textContent = text;
	}, 50);
}

function notice(text) {
	say(ui.notice, ui.alert, text);
}

function alarm(text) {
	say(ui.alert, ui.notice, text);
}

function clearMessages() {
	ui.notice.textContent = '';
	ui.alert.textContent = '';
}

function showStep(name) {
	for (const [stepName, section] of Object.entries(ui.steps)) {
		section.hidden = stepName !== name;
	}
	ui.emailRetry.hidden = true;
	ui.codeRetry.hidden = true;
	ui.haveCode.hidden = true;
	markInvalid(ui.email, false);
	markInvalid(ui.code, false);
}

function markInvalid(field, invalid) {
	if (invalid) {
		field.setAttribute('aria-invalid', 'true');
	}
	else {
		field.removeAttribute('aria-invalid');
	}
}

function focusField(field) {
	field.focus();
	field.select?.();
}

/** Shows a retry button that repeats `action`; what the user typed stays where it is. */
function offerRetry(button, action) {
	button.hidden = false;
	button.onclick = () => {
		button.hidden = true;
		action();
	};
	button.focus();
}

async function withBusy(section, call) {
	busy = true;
	section.setAttribute('aria-busy', 'true');
	try {
		return await call();
	}
	finally {
		busy = false;
		section.removeAttribute('aria-busy');
	}
}

async function requestCode(fromStep) {
	if (busy) {
		return;
	}
	const wanted = fromStep === 'code' ? address : ui.email.value.trim();
	if (requestWait.blocks(addressKey(wanted))) {
		alarm(t.waitFor(formatDuration(requestWait.left())));
		return;
	}
	const section = ui.steps[fromStep];
	const result = await withBusy(section, () => client.requestCode(wanted));
	switch (result.kind) {
		case Kind.OK:
			address = wanted;
			requestWait.start(result.resendAvailableInSeconds, addressKey(wanted));
			ui.resend.setAttribute('aria-disabled', 'true');
			ui.codeAddress.textContent = wanted;
			// The old code stopped working with this request.
			ui.code.value = '';
			ui.codeAttempts.hidden = true;
			showStep('code');
			notice(result.message);
			focusField(ui.code);
			break;
		case Kind.RATE_LIMITED:
			requestWait.start(result.retryAfterSeconds, addressKey(wanted));
			if (fromStep === 'code') {
				ui.resend.setAttribute('aria-disabled', 'true');
			}
			else {
				// A code may have come from an earlier visit: let the user enter it.
				ui.haveCode.hidden = false;
			}
			alarm(`${result.message} ${t.waitFor(formatDuration(result.retryAfterSeconds))}`);
			break;
		case Kind.INVALID_REQUEST:
			showStep('email');
			markInvalid(ui.email, true);
			alarm(`${result.message ?? ''} ${t.emailInvalid}`.trim());
			focusField(ui.email);
			break;
		case Kind.UNAVAILABLE:
			alarm(result.message ?? t.network);
			offerRetry(fromStep === 'code' ? ui.codeRetry : ui.emailRetry, () => requestCode(fromStep));
			break;
		default:
			alarm(result.message ?? t.network);
	}
}

async function verify() {
	if (busy) {
		return;
	}
	if (verifyWait.blocks()) {
		alarm(t.verifyWaitFor(formatDuration(verifyWait.left())));
		return;
	}
	const result = await withBusy(ui.steps.code, () => client.verifyCode(address, ui.code.value));
	switch (result.kind) {
		case Kind.OK:
			resetToken = result.resetToken;
			ui.code.value = '';
			requestWait.stop();
			showStep('done');
			ui.nextForm.hidden = nextUrl === '';
			ui.nextMissing.hidden = nextUrl !== '';
			notice(result.message);
			(nextUrl === '' ? ui.startOver : $('next-submit')).focus();
			break;
		case Kind.INVALID_CODE:
			ui.codeAttempts.textContent = t.remaining(result.remainingAttempts);
			ui.codeAttempts.hidden = false;
			markInvalid(ui.code, true);
			alarm(`${result.message} ${t.remaining(result.remainingAttempts)}`);
			focusField(ui.code);
			break;
		case Kind.TOO_MANY_ATTEMPTS:
		case Kind.EXPIRED:
			// This code is gone: back to step 1 for a new one, the address still filled in.
			ui.code.value = '';
			ui.codeAttempts.hidden = true;
			ui.email.value = address;
			showStep('email');
			requestWait.render();
			alarm(result.message);
			focusField(ui.email);
			break;
		case Kind.RATE_LIMITED:
			verifyWait.start(result.retryAfterSeconds);
			alarm(`${result.message} ${t.verifyWaitFor(formatDuration(result.retryAfterSeconds))}`);
			focusField(ui.code);
			break;
		case Kind.INVALID_REQUEST:
			markInvalid(ui.code, true);
			alarm(`${result.message ?? ''} ${t.codeInvalid}`.trim());
			focusField(ui.code);
			break;
		case Kind.UNAVAILABLE:
		default:
			alarm(result.message ?? t.network);
			offerRetry(ui.codeRetry, verify);
	}
}

function init() {
	translate();
	if (nextUrl !== '') {
		ui.nextForm.setAttribute('action', nextUrl);
	}
	ui.emailForm.addEventListener('submit', (event) => {
		event.preventDefault();
		requestCode('email');
	});
	ui.email.addEventListener('input', () => {
		markInvalid(ui.email, false);
		requestWait.render();
	});
	ui.codeForm.addEventListener('submit', (event) => {
		event.preventDefault();
		verify();
	});
	ui.code.addEventListener('input', () => markInvalid(ui.code, false));
	// A pasted "123 456" or a whole line of the mail becomes the bare code.
	ui.code.addEventListener('paste', (event) => {
		const text = event.clipboardData?.getData('text') ?? '';
		const normalized = normalizeCode(text);
		const runs = text.normalize('NFKC').match(/\d{6,10}/g) ?? [];
		const code = /^\d+$/.test(normalized) ? normalized : runs.length === 1 ? runs[0] : null;
		if (code !== null) {
			event.preventDefault();
			ui.code.value = code;
			markInvalid(ui.code, false);
		}
	});
	ui.resend.addEventListener('click', () => requestCode('code'));
	ui.haveCode.addEventListener('click', () => {
		address = ui.email.value.trim();
		ui.codeAddress.textContent = address;
		clearMessages();
		showStep('code');
		focusField(ui.code);
	});
	ui.changeEmail.addEventListener('click', () => {
		clearMessages();
		ui.email.value = address;
		showStep('email');
		requestWait.render();
		focusField(ui.email);
	});
	ui.startOver.addEventListener('click', () => {
		resetToken = null;
		clearMessages();
		showStep('email');
		focusField(ui.email);
	});
	// The token goes in the POST body only, set at the last moment (the form data is built
	// after this event) and forgotten by the page as it leaves.
	ui.nextForm.addEventListener('submit', (event) => {
		if (resetToken === null || nextUrl === '') {
			event.preventDefault();
			return;
		}
		ui.nextToken.value = resetToken;
		resetToken = null;
		setTimeout(() => {
			ui.nextToken.value = '';
		}, 0);
	});
	// For tests and monitoring: the forms are wired.
	document.documentElement.dataset.ready = 'true';
}

init();
