/**
 * The `compare` records: two values tested for equality where one is named as a secret, written as an
 * operator (`token === expected`) or as an equality call (`a.equals(b)`, `memcmp_const(a, b, n)`).
 */
import { escapeRegExp } from '../detection/custom/calls';
import { nameWords } from '../detection/names';
import type { CompareMatch } from './model';
import type { CallSite } from './sites';
import { WordSet, type FileView, type Hit, type Matcher } from './view';

const escape = escapeRegExp;

const EQUALITY = /[!=]==?/g;
const LEFT_OPERAND = /([A-Za-z_$][\w$]*(?:\s*(?:\.|->|::|\?\.)\s*[A-Za-z_$][\w$]*|\s*\[[^\]\n]{0,60}\])*(?:\s*\(\s*\))?)\s*$/;
const RIGHT_OPERAND = /^\s*([A-Za-z_$][\w$]*(?:\s*(?:\.|->|::|\?\.)\s*[A-Za-z_$][\w$]*|\s*\[[^\]\n]{0,60}\])*)/;
const NOT_OPERAND = /^(?:null|undefined|void|None|nil|NULL|nullptr|true|false|True|False|TRUE|FALSE|len|length|count|size|typeof|type|and|or|not|in|is|_*[A-Z][A-Z0-9]*_[A-Z0-9_]*)$|(?:^|\.)(?:length|size|count|EMPTY|Empty|empty)$|(?:^|\.)Err[A-Z]\w*$|\w(?:Error|Exception)$/;

/** The operands of the equality operator at `at` (of length `len`): left start, left, right end, right; null when one is not a name or member. */
function operands(code: string, at: number, len: number): [number, string, number, string] | null {
	const before = code.charCodeAt(at - 1);
	if (before === 61 || before === 33 || before === 60 || before === 62) {
		return null; // part of `<==`, `!==`'s tail and the like
	}
	const left = LEFT_OPERAND.exec(code.slice(Math.max(0, at - 120), at));
	const right = RIGHT_OPERAND.exec(code.slice(at + len, at + len + 120));
	if (left === null || right === null) {
		return null;
	}
	return [at - left[0].length, left[1].trim(), at + len + right[0].length, right[1].trim()];
}

/** The words of an operand's last member or index key (`session['oauth_state']` → oauth, state). */
function lastPart(operand: string): string[] {
	const key = /\[\s*[:'"]?([\w$.:-]+)['"]?\s*\]\s*$/.exec(operand);
	const member = /([A-Za-z_$][\w$]*)\s*(?:\(\s*\))?\s*$/.exec(operand);
	// A value passed through a function is still that value: `md5($password)`, `hex(digest)`.
	const inner = /([A-Za-z_$][\w$]*)\s*\)\s*$/.exec(operand);
	return nameWords(key?.[1] ?? member?.[1] ?? inner?.[1] ?? '');
}

/**
 * An operand that is a constant of a type (`State.RUNNING`, `HandshakeState.STARTED`, an enum member such as
 * `TokenType.StartTagClose`) not itself named as a secret: the comparison tests a state or kind, not a credential.
 */
function stateConstant(operand: string, secret: WordSet): boolean {
	return /^[A-Z]\w*(?:\s*\.\s*[A-Z]\w*)*\s*\.\s*[A-Z]\w*$/.test(operand.trim()) && !secret.any(lastPart(operand));
}

/**
 * A `state` compared with something that is not a state (`context->state != mosq_cs_active`): a state
 * machine's step. An OAuth state is compared with another state (`state !== session.oauthState`).
 */
function stateMachine(left: string[], right: string[], secret: WordSet): boolean {
	const only = (ws: string[]): boolean => ws.includes('state') && !secret.any(ws.filter((w) => w !== 'state'));
	return (only(left) && !right.includes('state')) || (only(right) && !left.includes('state'));
}

/**
 * A state compared with an earlier or later one (`self.state != old_state`, `currentState !== state`,
 * `oldState.equals(newState)`): a state machine's or a view's step. An OAuth state is compared with the one
 * stored or returned (`parsedData.oauthState !== state`), not with its own versions.
 */
function stateVersions(left: string[], right: string[], secret: WordSet): boolean {
	const words = [...left, ...right];
	return words.includes('state') && !secret.any(words.filter((w) => w !== 'state')) && words.some((w) => STATE_VERSIONS.has(w));
}
const STATE_VERSIONS = new Set(['old', 'new', 'prev', 'previous', 'last', 'current', 'curr', 'clone', 'next', 'initial', 'active', 'intent', 'default']);

/** An operand that is an identifier (`field.id === FORM_FIELD_PASSWORD_ID`, `cred.credentialId == id`): a record named, no secret's value. */
function isId(words: readonly string[]): boolean {
	return words.length > 0 && ID_WORDS.has(words[words.length - 1]);
}
const ID_WORDS = new Set(['id', 'ids', 'uuid', 'guid']);

/** A value compared with its numbered twin (`pw !== pw2`, `password1 != password2`): a confirmation, not a check. */
function twins(left: string[], right: string[]): boolean {
	const strip = (ws: string[]): string => ws.join(' ').replace(/\d+$/, '');
	return left.join(' ') !== right.join(' ') && strip(left) === strip(right);
}

export function compareMatcher(m: CompareMatch): Matcher {
	const secret = new WordSet(m.words);
	const unless = new WordSet(m.unless);
	const judge = (words: string[]): boolean => secret.any(words) && !unless.any(words);
	const hint = new RegExp(m.words.map((w) => escape(w.replace(/\*$/, ''))).join('|'), 'i');
	return (view) => {
		const out: Hit[] = [];
		const code = view.code;
		EQUALITY.lastIndex = 0;
		for (let r = EQUALITY.exec(code); r !== null; r = EQUALITY.exec(code)) {
			if (r[0] === '!=' && code[r.index + 2] === '=') {
				continue;
			}
			// Keys written as strings count (`$_SESSION['oauth_state']`): read the window with its strings.
			const window = view.codeAndStrings.slice(Math.max(0, r.index - 120), r.index + 120);
			const found = hint.test(window) ? operands(code, r.index, r[0].length) : null;
			if (found === null || NOT_OPERAND.test(found[1]) || NOT_OPERAND.test(found[3])) {
				continue;
			}
			const [start, left, end, right] = found;
			// What an operand is, is its last member or key: `$token->getFirewallName()` is a name, not a token.
			const leftText = view.codeAndStrings.slice(start, start + left.length);
			const rightText = view.codeAndStrings.slice(end - right.length, end);
			const [l, r2] = [lastPart(leftText), lastPart(rightText)];
			if (judge([...l, ...r2]) && !isId(l) && !isId(r2) && !twins(l, r2) && !stateConstant(leftText, secret) && !stateConstant(rightText, secret) && !stateMachine(l, r2, secret)
				&& !stateVersions(l, r2, secret)) {
				out.push({ offset: start, api: `${left} ${r[0]} ${right}`.replace(/\s+/g, ' ').slice(0, 60) });
			}
		}
		return [...out, ...equalityCalls(view, judge, m.constantTime !== false)];
	};
}

/** Functions and methods that test two values for equality: `a.equals(b)`, `strcmp(a, b)`, `String.Compare(a, b)`. */
const EQUAL_CALLS = new Set(['equals', 'Equals', 'strcmp', 'strncmp', 'strcasecmp', 'g_str_equal', 'memcmp', 'Compare', 'CompareOrdinal', 'isEqual', 'equal']);
/**
 * Words that make a function an equality test whatever else its name says: the constant-time and
 * fixed-length variants (`memcmp_const`, `ck_memeq_const_time`, `timingSafeCompare`, `ByteArraysEqual`).
 */
const EQUAL_WORDS = new Set(['equal', 'equals', 'eq', 'memeq', 'memequal', 'streq', 'cmp', 'bcmp', 'memcmp', 'strcmp', 'compare']);

/** Words that name a comparison made in constant time (`streq_const_time`, `timingSafeEqual`, `compare_digest`, `ConstantTimeCompare`). */
const CONSTANT_TIME_WORDS = new Set(['const', 'constant', 'consttime', 'timing', 'safe', 'secure', 'digest', 'ct', 'fixed', 'slow']);

/** Operands that are a signature or MAC, not a token or code a user presents (`streq_const_time(sig, signature)`, not `safeCompare(totp, key)`). */
function macOnly(words: readonly string[]): boolean {
	return words.some((w) => MAC_WORDS.has(w)) && !words.some((w) => PRESENTED_WORDS.has(w));
}
const MAC_WORDS = new Set(['signature', 'signatures', 'sig', 'sigs', 'hmac', 'mac', 'digest']);
const PRESENTED_WORDS = new Set(['token', 'tokens', 'otp', 'totp', 'hotp', 'passcode', 'nonce', 'csrf', 'xsrf', 'state', 'code']);

function isEqualityCall(name: string): boolean {
	return EQUAL_CALLS.has(name) || nameWords(name).some((w) => EQUAL_WORDS.has(w));
}
/** Receivers of static equality helpers, not operands: `String.Compare(a, b)`, `Objects.equals(a, b)`. */
const EQUAL_HELPERS = /^(?:String|string|Objects|Arrays|StringUtils|object|Object|ObjectUtils|TextUtils|reflect|bytes|strings)$/;

/** A file's equality calls, found once for all the compare records. */
const equalityCallsOf = new WeakMap<FileView, readonly CallSite[]>();

/** Equality calls one of whose operands (the receiver or an argument) is named with a secret word. */
function equalityCalls(view: FileView, judge: (words: string[]) => boolean, constantTime: boolean): Hit[] {
	const out: Hit[] = [];
	let calls = equalityCallsOf.get(view);
	if (calls === undefined) {
		calls = view.calls().filter((c) => isEqualityCall(c.name));
		equalityCallsOf.set(view, calls);
	}
	for (const call of calls) {
		const args = view.codeAndStrings.slice(call.open + 1, call.close).split(',').map((a) => a.trim());
		// `a.equals(b)` compares its receiver; `hmac.compare_digest(a, b)` and `String.Compare(a, b)` do not.
		const operands = call.receiver !== null && args.length < 2 && !EQUAL_HELPERS.test(call.receiver) ? [call.receiver, ...args] : args;
		// What is compared are the first two operands; a third is a length or an option (`memcmp(a, b, KEY_LEN)`, `String.Compare(a, b, StringComparison.Ordinal)`).
		const compared = operands.slice(0, 2);
		if (compared.length < 2 || compared.some((o) => o === '' || /^["'`]/.test(o) || NOT_OPERAND.test(o))) {
			continue;
		}
		const words = compared.flatMap(lastPart);
		if (!constantTime && macOnly(words) && nameWords(call.name).some((w) => CONSTANT_TIME_WORDS.has(w))) {
			continue;
		}
		if (judge(words)) {
			const start = call.receiver !== null ? view.code.lastIndexOf(call.receiver, call.start) : call.start;
			out.push({ offset: start < 0 ? call.start : start, api: `${call.receiver === null ? '' : `${call.receiver}.`}${call.name}(…)` });
		}
	}
	return out;
}
