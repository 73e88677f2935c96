/** One matcher per kind of rule record, over a {@link FileView}: what it finds and where. */
import { escapeRegExp } from '../detection/custom/calls';
import { nameWords } from '../detection/names';
import { lineHead, lineStartWithin } from '../text/lineIndex';
import { compareMatcher } from './compareMatcher';
import { logMatcher } from './logMatcher';
import { lexicalApi, lexicalEquals, lexicalMethod } from './estree/lexical';
import { optionMatcher } from './optionMatcher';
import { readMatcher } from './readMatcher';
import { regexLiterals } from './regexLiterals';
import { rustPathMatcher } from './rustPaths';
import type { ApiMatch, NameMatch, Placement, RuleMatch } from './model';
import type { CallSite } from './sites';
import { argWords, callApi, callWords, isCompound, WordSet, type FileView, type Hit, type Matcher } from './view';

export type { Hit, Matcher } from './view';

const escape = escapeRegExp;

/** Receivers that mean the object itself: a call on them reaches a method the file may define. */
const SELF = new Set(['self', 'this', '$this', 'cls', 'super', 'base', 'static', 'me', 'Me']);
/** Receivers that reach the parent class: `super.login(…)` is the inherited operation, not the file's own override. */
const PARENT = new Set(['super', 'base', 'parent', 'MyBase']);

/** Languages whose functions and methods may be written in PascalCase (elsewhere `PascalCase(` is a type; PHP builds its objects with `new`). */
const PASCAL_CALLS = new Set(['csharp', 'go', 'c', 'cpp', 'objective-c', 'objective-cpp', 'powershell', 'php']);

/** A Python file written in the CapWords style for functions (Google's older style: `def ComputeHandshake(…)`): there `utils.Sha1Hmac(…)` is a call, not a class. */
const PASCAL_DEF = /^[ \t]*(?:async[ \t]+)?def[ \t]+[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*[ \t]*\(/m;
const pascalStyle = new WeakMap<FileView, boolean>();
function pascalCalls(view: FileView): boolean {
	if (PASCAL_CALLS.has(view.languageId)) {
		return true;
	}
	if (view.languageId !== 'python') {
		return false;
	}
	let style = pascalStyle.get(view);
	if (style === undefined) {
		style = PASCAL_DEF.test(view.code);
		pascalStyle.set(view, style);
	}
	return style;
}

/**
 * A call a name rule may judge: not a private helper (`_mask_secret`), not a type (`HMACAlgorithm(` in
 * Python or Java), not a function or method the same file defines (its callers there are plumbing:
 * the sensitive operation is inside the definition, and its callers in other files are judged).
 * `ownHelpers`: the file's own and private helpers are judged too, as security logging is: the event
 * is recorded where the helper is called with it (`audit_success(argv)`, `_send_audit_notification(…)`).
 */
function judged(view: FileView, call: CallSite, ownHelpers: boolean): boolean {
	// Go names a method's receiver freely (`s.isClientAuthorized(c)` inside `func (s *Server) …`).
	const own = call.receiver === null || (SELF.has(call.receiver) && !PARENT.has(call.receiver)) || (view.languageId === 'go' && /^[a-z]\w{0,3}$/.test(call.receiver));
	const helper = (call.name.startsWith('_') && !(ownHelpers && own)) || (own && view.defined().has(call.name) && !ownHelpers);
	if (helper || HANDLER_PREFIX.test(call.name) || (GENERIC_METHODS.has(call.name) && !directoryBind(view, call)) || qtSignalConnect(view, call) || ctorInitializer(view, call)) {
		return false;
	}
	if (thrown(view, call) || ROUTE_HELPER.test(call.name) || valueObjectReceiver(call.receiver) || ((call.constructs || (FACTORY.test(call.name) && !/For[A-Z]|_for_/.test(call.name))) && isValueType(call.name))) {
		return false;
	}
	if (inDebugOutput(view, call)) {
		return false;
	}
	return pascalCalls(view) || call.constructs || !isTypeName(call.name);
}

/**
 * A static factory or accessor of a value type (`AuthenticationResponse::newPass(…)`, `AuthenticationRequest::getRequestByClass(…)`):
 * it builds or picks the record of an outcome, the operation is elsewhere.
 */
function valueObjectReceiver(receiver: string | null): boolean {
	return receiver !== null && isTypeName(receiver) && isValueType(receiver);
}

/** A factory function's name (`CreateValidationResults()`, `newAuthResponse(…)`): with a value type's head it builds a record (`newSessionForRequest(…)` makes a session). */
const FACTORY = /^(?:new|New|create|Create|make|Make|build|Build)(?=[A-Z_])/;

/** A debug or trace message the call only formats a value for (`c.Debugf("cipher %s", tlsCipher(cs.CipherSuite))`). */
function inDebugOutput(view: FileView, call: CallSite): boolean {
	return DEBUG_CALL_BEFORE.test(view.code.slice(lineHead(view.code, call.start, 160), call.start));
}
const DEBUG_CALL_BEFORE = /(?:^|[^\w$])(?:[Dd]ebug|DEBUG|[Tt]race|TRACE)[A-Za-z]*\s*\([^;]*$/;

/** A type named for a record of an outcome or its arguments (`PasswordAuthenticationRequest`, `FormsAuthenticationEventArgs`): building one is no operation. */
function isValueType(name: string): boolean {
	const words = nameWords(name);
	return VALUE_TYPE_HEADS.has(words[words.length - 1] ?? '');
}
const VALUE_TYPE_HEADS = new Set(['request', 'requests', 'response', 'responses', 'result', 'results', 'status', 'exception', 'error', 'message', 'event', 'info', 'dto', 'args', 'collection', 'collections']);

/**
 * A route or address helper (`new_session_path(…)`, `wp_login_url()`, `after_sign_in_path_for(…)`): it names where to go, not an operation;
 * nor is a class-based view made into a route handler (`PasswordResetView.as_view()`).
 */
const ROUTE_HELPER = /(?:_|[a-z])(?:path|url|uri|route)(?:_for)?$|(?:_|[a-z])(?:Path|Url|Uri|URL|Route)(?:For)?$|^as_view$/;

/**
 * An error raised (`throw new NotAuthenticated(…)`, `raise Unauthorized(…)`, `new AuthError(…)`): it names
 * what went wrong, not an operation; refusals are found on the condition that guards them (`place: guard`).
 */
function thrown(view: FileView, call: CallSite): boolean {
	if (call.constructs && /(?:Error|Exception|Fault)$/.test(call.name)) {
		return true;
	}
	return THROWN.test(view.code.slice(Math.max(0, call.start - 80), call.start));
}
const THROWN = /\b(?:throw|raise)\s+(?:new\s+)?(?:[\w$]+\s*(?:\.|::|\\)\s*)*$/;

/**
 * `client.bind(dn, password)` (ldapjs) binds to a directory with credentials; `fn.bind(this, x)` and
 * `handler.bind(null)` make a function.
 */
function directoryBind(view: FileView, call: CallSite): boolean {
	return call.name === 'bind' && /^\s*(?!(?:this|null|undefined|self|that|_this|void 0)\s*,)[^,()]+,[^,]/.test(view.code.slice(call.open + 1, call.close));
}

/**
 * A C++ constructor's member or base initialiser (`: d_ptr(new CryptoHashPrivate())`, `, m_cipher(std::move(cipher))`,
 * `: Kdf::Kdf(type)`): it sets a member, it calls nothing. The line starts with `:` or `,` after the constructor's
 * parameters or the previous initialiser, not after a ternary's `?`.
 */
function ctorInitializer(view: FileView, call: CallSite): boolean {
	if (view.languageId !== 'cpp' && view.languageId !== 'objective-cpp') {
		return false;
	}
	const code = view.code;
	const start = lineStartWithin(code, call.start, 120);
	if (start <= 0 || !/^[ \t]*[:,][ \t]*(?:[A-Za-z_]\w*[ \t]*::[ \t]*)*$/.test(code.slice(start, call.start))) {
		return false;
	}
	// The previous code line: blank lines and comments (blanked in `code`) are skipped.
	let end = start - 1;
	let prev = '';
	for (let seen = 0; seen < 4 && end > 0 && prev === ''; seen++) {
		const prevStart = lineHead(code, end, 400);
		prev = code.slice(prevStart, end).trim();
		end = prevStart - 1;
	}
	return !prev.includes('?') && /(?:\)|\}|,|\bconst|\bnoexcept|\boverride)$/.test(prev);
}

/** Qt's signal-slot wiring (`connect(sender, &Widget::closed, this, …)`, `connect(a, SIGNAL(x()), b, SLOT(y()))`): no connection to a server. */
function qtSignalConnect(view: FileView, call: CallSite): boolean {
	return (call.name === 'connect' || call.name === 'disconnect') && QT_SIGNAL_ARGUMENT.test(view.code.slice(call.open + 1, Math.min(call.close, call.open + 400)));
}
const QT_SIGNAL_ARGUMENT = /&\s*[A-Za-z_][\w:]*::[A-Za-z_]\w*\s*[,)]|\b(?:SIGNAL|SLOT)\s*\(/;

/** Reflection and plumbing methods: `HMAC.constants`, `permissions.call(…)` say nothing of what the object does. */
const GENERIC_METHODS = new Set([
	'call', 'apply', 'bind', 'send', 'public_send', '__send__', 'respond_to?', 'const_get', 'constants', 'is_a?', 'kind_of?', 'instance_of?',
	'tap', 'then', 'to_s', 'inspect', 'dup', 'clone', 'freeze', 'toString', 'valueOf', 'hasOwnProperty', 'getClass', 'hashCode', 'equals',
	'isInstance', 'GetType', 'ToString', 'GetHashCode', 'Equals', 'nil?', 'present?', 'blank?', 'empty?', 'length', 'size', 'keys', 'values',
]);

/** Event handlers and hooks (`onDecrypt`, `on_login`): called by a framework, they are not the operation. */
const HANDLER_PREFIX = /^(?:on|will|did)(?:[A-Z_])/;

/** A capitalised name with lower-case letters (`HMACAlgorithm`, `EncryptionResult`): a type in most languages. */
function isTypeName(name: string): boolean {
	return /^[A-Z]/.test(name) && /[a-z]/.test(name);
}

/** A type's head noun is its last word: `new HMACSHA256(…)` and `new CompactEncrypt(…)` are primitives, `new EncryptionResult(…)` is not. */
function typeHeadMatches(view: FileView, call: CallSite, words: WordSet, withWords: WordSet | null): boolean {
	if (pascalCalls(view) || !isTypeName(call.name)) {
		return true;
	}
	const own = nameWords(call.name);
	const head = own[own.length - 1] ?? '';
	return words.has(head) || (withWords?.has(head) ?? false);
}

/** The words of the code before a call on its line (`const state = crypto.` of `crypto.randomUUID()`). */
function nearWords(view: FileView, call: CallSite): string[] {
	return nameWords(view.code.slice(lineHead(view.code, call.start, 200), call.start));
}

/**
 * When only the object a method is called on names the subject (`authorization.strip()`, `roleInfo.isForbidden()`),
 * the method's own name must say what it does: one of `acts`.
 */
function ownNameActs(call: CallSite, words: WordSet, acts: WordSet): boolean {
	const own = callWords(call, false);
	return call.receiver === null || words.any(own) || acts.any(own);
}

/**
 * The words `with` and `unless` lists are checked against: the call's, without the accessor verbs of its
 * object's name (`getDefaultSSLContextAndOptions().createSSLSocket()` is no getter; `SSL_get_version()` is;
 * `getBotPasswordStore()->deleteBotPassword(…)` reads nothing).
 */
function actWords(call: CallSite, all: readonly string[]): readonly string[] {
	const own = callWords(call, false);
	if (all.length === own.length) {
		return all;
	}
	return [...all.slice(0, all.length - own.length).filter((x) => !ACCESSOR_VERBS.has(x)), ...own];
}
const ACCESSOR_VERBS = new Set(['get', 'set', 'is', 'has', 'new', 'create', 'make', 'build']);

function nameMatcher(m: NameMatch, ownHelpers: boolean): Matcher {
	const words = new WordSet(m.words);
	const withWords = m.with === null ? null : new WordSet(m.with);
	const unless = new WordSet(m.unless);
	const args = m.args === null ? null : new WordSet(m.args);
	const near = m.near === null ? null : new WordSet(m.near);
	const acts = m.acts === null ? null : new WordSet(m.acts);
	const unlessArgs = m.unlessArgs === undefined ? null : new WordSet(m.unlessArgs);
	return (view) => view.callsWithWord(words, m.receiver)
		.filter((call) => {
			if (!judged(view, call, ownHelpers)) {
				return false;
			}
			const w = callWords(call, m.receiver);
			const acting = actWords(call, w);
			let called: string[] | undefined;
			const argumentWords = (): string[] => (called ??= argWords(view, call));
			return typeHeadMatches(view, call, words, withWords) && words.any(w) && (withWords === null || withWords.any(acting)) && !unless.any(acting)
				&& (acts === null || ownNameActs(call, words, acts))
				&& (args === null || args.any(argumentWords())) && (unlessArgs === null || !unlessArgs.any(argumentWords()))
				&& (near === null || near.any(nearWords(view, call)))
				&& !(m.inputs && givenNothing(view, call)) && !(m.arguments === true && !passesArgument(view, call));
		})
		.map((call) => ({ offset: call.start, api: callApi(call.receiver, call.name) }));
}

/** Whether a call passes an argument (a string literal counts: the code view blanks it). */
function passesArgument(view: FileView, call: CallSite): boolean {
	return view.codeAndStrings.slice(call.open + 1, call.close).trim() !== '';
}

/** A call given neither an argument nor an object, that creates nothing (`encrypt_packet()`, not `cipher_ctx_new()` or `new AesKdf()`). */
function givenNothing(view: FileView, call: CallSite): boolean {
	return call.receiver === null && !call.constructs && !passesArgument(view, call) && !nameWords(call.name).some((w) => CREATES.has(w));
}
const CREATES = new Set(['new', 'create', 'alloc', 'init', 'make', 'generate', 'gen']);

const GUARD = /^\s*(?:\}\s*)?(?:if|elif|elsif|else\s+if|unless|guard|when)\b/;

/** The start of the condition guarding `offset`: on its own line, or up to three code lines above; -1 when none does (an unconditional denial decides nothing). */
function guardOf(code: string, offset: number): number {
	let lineStart = code.lastIndexOf('\n', offset - 1) + 1;
	if (/\b(?:if|unless|guard|when)\b/.test(code.slice(lineStart, offset))) {
		return offset;
	}
	for (let seen = 0; seen < 3 && lineStart > 0;) {
		const prevStart = code.lastIndexOf('\n', lineStart - 2) + 1;
		const line = code.slice(prevStart, lineStart - 1);
		lineStart = prevStart;
		if (/^\s*[{]?\s*$/.test(line)) {
			continue;
		}
		if (GUARD.test(line)) {
			return prevStart + (/^\s*/.exec(line)?.[0].length ?? 0);
		}
		seen++;
	}
	return -1;
}

/**
 * The guard of a denial when its condition is about who may do what (`if (!user.isAdmin)`, `unless can?(:edit)`,
 * `if not rule.allowed`); a denial guarded by a state of the data (`if not item.tag:`, `if joinOp == nil`) is left out.
 */
function decidingGuard(code: string, offset: number): number {
	const at = guardOf(code, offset);
	if (at < 0) {
		return at;
	}
	const end = code.indexOf('\n', at);
	return ACCESS_CONDITION.test(code.slice(at, end < 0 ? code.length : end)) ? at : -1;
}
const ACCESS_CONDITION = /(?:user|role|perm|auth|admin|owner|access|allow|grant|trust|privileg|right|scope|acl|polic|login|logged|session|group|member|superuser|staff|forbid|protect|restrict|readonly|read_only|private|visib|deny|denied|can\b|may\b|cannot|tenant|project|creator|editor|builder|moderator)/i;

function regexMatcher(pattern: string, over: 'strings' | 'code' | 'text', place: Placement, matchCase = false): Matcher {
	// With a named group `api`, the finding goes where that group matched (`createTransport({ … secure: true`).
	const located = pattern.includes('(?<api>');
	const re = new RegExp(pattern, `${matchCase ? 'g' : 'gi'}${located ? 'd' : ''}`);
	const at = (view: FileView, offset: number): number => (place === 'guard' ? decidingGuard(view.code, offset) : offset);
	if (over === 'strings') {
		return (view) => view.strings()
			.filter((s) => (re.lastIndex = 0, re.test(s.content)))
			.map((s) => ({ offset: at(view, s.start), api: s.content.trim().slice(0, 40) }));
	}
	return (view) => {
		const out: Hit[] = [];
		const text = over === 'code' ? view.code : view.codeAndStrings;
		re.lastIndex = 0;
		for (let r = re.exec(text); r !== null && out.length < 1000; r = re.exec(text)) {
			re.lastIndex += r[0].length === 0 ? 1 : 0;
			// Over text with strings, a match starting inside a string literal is a string's content, not code.
			const start = r.indices?.groups?.api?.[0] ?? r.index;
			const offset = over === 'code' || view.code.charCodeAt(r.index) === text.charCodeAt(r.index) ? at(view, start) : -1;
			if (offset >= 0) {
				out.push({ offset, api: r.groups?.api === undefined ? r[0].replace(/\s+/g, '') : r.groups.api.replace(/\s+/g, ' ') });
			}
		}
		return out;
	};
}


/**
 * An `api` record run lexically: Rust paths through `use` declarations (Rust records run in the lexical
 * engine); elsewhere the JavaScript family's fallback for a file that does not parse.
 */
function apiLexically(match: ApiMatch): Matcher {
	const rust = rustPathMatcher(match);
	const other = lexicalApi(match);
	return (view) => (view.languageId === 'rust' ? rust(view) : other(view));
}

/** The matcher of a record's `match`; a logging record's name match judges calls of the file's own helpers (see `judged`). */
export function compileMatch(match: RuleMatch, category: string): Matcher {
	switch (match.kind) {
		case 'name': return nameMatcher(match, category === 'logging');
		case 'log': return logMatcher(match);
		case 'read': return readMatcher(match);
		case 'option': return optionMatcher(match);
		case 'string': return regexMatcher(match.pattern, 'strings', match.place, match.matchCase);
		case 'pattern': return regexMatcher(match.pattern, 'code', match.place, match.matchCase);
		case 'text': return regexMatcher(match.pattern, 'text', match.place, match.matchCase);
		case 'compare': return compareMatcher(match);
		case 'api': return apiLexically(match);
		case 'member': return () => [];
		case 'method': return lexicalMethod(match);
		case 'equals': return lexicalEquals(match);
		case 'calls': return () => []; // run by the custom-rule engine (rules/custom.ts)
	}
}

/** The words a file must contain (one of) for the record to match: for regular-expression records the literals their pattern needs (null when none can be derived). */
export function anchorWords(match: RuleMatch): string[] | null {
	const strip = (ws: readonly string[]): string[] => ws.map((w) => w.replace(/\*$/, '').toLowerCase());
	switch (match.kind) {
		case 'name': return strip(nameAnchors(match));
		case 'log': return strip(match.loggers);
		case 'read': return strip([...match.objects, ...match.globals]);
		case 'option': return strip(match.keys);
		case 'compare': return strip(match.words);
		case 'api': return strip(match.names.map(apiAnchor));
		case 'member': return strip(match.names.map(memberAnchor));
		case 'method': return strip(match.names);
		case 'equals': return strip(match.keys);
		case 'calls': return strip(match.names.map(apiAnchor));
		case 'string':
		case 'pattern':
		case 'text': return regexLiterals(match.pattern);
	}
}

/**
 * A name record's anchors: its words, or its argument words when those are all required literally
 * and less common (longer) than its words (`seal`/`open` with a `nonce`; `get`/`set` with `sessions`).
 */
function nameAnchors(match: NameMatch): readonly string[] {
	const args = match.args;
	const shortest = (ws: readonly string[]): number => Math.min(...ws.map((w) => w.replace(/\*$/, '').length));
	if (args === null || args.length === 0 || args.some((w) => isCompound(w.replace(/\*$/, ''))) || shortest(args) <= shortest(match.words)) {
		return match.words;
	}
	return args;
}

/** The word a file must contain for a qualified name to be used in it: its last whole segment (`createHash`, or `hashlib` for `hashlib.*`). */
export function apiAnchor(name: string): string {
	const segments = name.replace(/\*$/, '').split(/[./:\\]+/).filter((s) => s !== '');
	return segments[segments.length - 1] ?? name;
}

/** The longest literal piece of a member name, the last of equals (`Parse*Key*` → `Parse`, `get*Key` → `Key`). */
export function memberAnchor(name: string): string {
	return name.split('*').reduce((a, b) => (b.length >= a.length ? b : a), '');
}

/**
 * What a file's raw text must contain for the record to match anything (case-insensitive regular
 * expression source): its words, keys or loggers, or for regular-expression rules the pattern itself.
 */
export function anchorOf(match: RuleMatch): string {
	const words = anchorWords(match);
	if (words !== null) {
		return words.map(escape).join('|');
	}
	// One expression for all records: a record's `(?<api>…)` group would be a duplicate name there.
	return 'pattern' in match ? `(?:${match.pattern.replace(/\(\?<api>/g, '(?:')})` : '(?!)';
}
