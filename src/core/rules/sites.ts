/**
 * Call sites found lexically in any language, over code with comments and strings blanked: the
 * name called, the object it is called on, and its argument span. Definitions and declarations
 * (`def has_role(…)`, `func (s *S) HasRole(…)`, `bool HasRole(…) {`, `int has_role(int);`) are not
 * call sites.
 */

import { ESTREE_LANGUAGE_IDS } from '../parse/parsedSource';
import { lineHead } from '../text/lineIndex';
import { isSpace, receiverBefore, wordBefore, type CallSite } from './callText';
import { rubyBareCalls } from './rubyCalls';

export type { CallSite } from './callText';

/** Words that precede a definition's name (`class permission_add(Base):` defines a class in Python, Kotlin and Scala). */
const DEFINING = new Set(['function', 'def', 'func', 'fn', 'fun', 'sub', 'proc', 'defp', 'method', 'macro', 'define', 'class']);
/** Words that may precede a call in a statement (so `return f(x)` is a call, `bool f(x)` is not). */
const PREFIX_WORDS = new Set([
	'return', 'await', 'new', 'throw', 'yield', 'typeof', 'void', 'delete', 'else', 'case', 'in', 'of', 'not', 'and', 'or',
	'is', 'if', 'elif', 'while', 'unless', 'until', 'when', 'assert', 'echo', 'print', 'puts', 'do', 'then', 'go', 'defer',
	'raise', 'except', 'lambda', 'with', 'from', 'as', 'instanceof', 'await', 'try', 'let', 'var', 'const', 'val', 'using',
	'sizeof', 'co_await', 'out', 'ref', 'static_assert', 'select', 'where', 'on', 'by', 'require', 'include', 'die', 'exit',
]);
/** Names that look like calls but are statements. */
const NOT_CALLS = new Set([
	'if', 'for', 'foreach', 'while', 'switch', 'catch', 'return', 'function', 'typeof', 'sizeof', 'elif', 'with', 'def',
	'and', 'or', 'not', 'super', 'this', 'self', 'lock', 'using', 'fixed', 'synchronized', 'when', 'until', 'unless', 'match',
	'array', 'list', 'isset', 'empty', 'unset', 'defined', 'alignof', 'decltype', 'nameof', 'checked', 'unchecked', 'default',
]);
/** Languages where `f(x) {` is a definition (no `if cond {` without parentheses, no trailing blocks). */
const BRACE_DEFINES = new Set([
	'c', 'cpp', 'cuda-cpp', 'objective-c', 'objective-cpp', 'java', 'csharp', 'javascript', 'javascriptreact', 'typescript',
	'typescriptreact', 'php', 'vue', 'svelte', 'dart',
]);
/** Languages where `Type name(` declares: a type name right before the function name. */
const TYPED_DECLARES = new Set(['c', 'cpp', 'cuda-cpp', 'objective-c', 'objective-cpp', 'java', 'csharp', 'dart']);

/** C and its kin, where a definition may put its return type on the line above (`static BOOL\ntls_set_watch(…)`). */
const C_FAMILY = new Set(['c', 'cpp', 'cuda-cpp', 'objective-c', 'objective-cpp']);

/** A name at the start of its line under a line ending in a type (`static BOOL`, `char *`): a definition's header. */
function returnTypeAbove(code: string, name: number): boolean {
	if (name > 0 && code.charCodeAt(name - 1) !== 10) {
		return false;
	}
	const above = code.slice(Math.max(0, code.lastIndexOf('\n', name - 2) + 1), Math.max(0, name - 1));
	return /^[A-Za-z_][\w \t*]*[\w*][ \t]*$/.test(above) && !/^\s*(?:return|else|do|case|goto)\b/.test(above);
}

/** After a C++ member's parameters: qualifiers, then its body, its constructor's initialiser list or a trailing return type. */
const CPP_AFTER_DEFINITION = /^\s*(?:(?:const|noexcept|override|final|volatile)\b\s*)*(?:\{|:(?!:)|->)/;
/** A line that starts with the qualified name only (`ACLProxyAuth::ACLProxyAuth`, `Auth::Basic::User::authenticated`). */
const QUALIFIED_HEAD = /^[ \t]*(?:~?[A-Za-z_]\w*(?:<[^<>\n]{0,60}>)?[ \t]*::[ \t]*)+~?$/;

/**
 * A line that starts with a type, then the qualified name (`QByteArray CryptoHash::`, `const QString& Foo::Bar::`,
 * `QUuid CompositeKey::`): a statement cannot start so, it declares or defines. The words of a statement are not types.
 */
const TYPED_QUALIFIED_HEAD = new RegExp(String.raw`^[ \t]*(?:(?!(?:return|else|case|throw|new|delete|goto|co_return|co_await|co_yield|sizeof|typedef|using|do)\b)`
	+ String.raw`[A-Za-z_]\w*(?:<[^<>\n]{0,60}>)?(?:[ \t]*::[ \t]*[A-Za-z_]\w*(?:<[^<>\n]{0,60}>)?)*[ \t*&]+)+(?:~?[A-Za-z_]\w*(?:<[^<>\n]{0,60}>)?[ \t]*::[ \t]*)+~?$`);

/**
 * A C++ member defined outside its class: the line starts with the qualified name and a body, an initialiser list
 * or qualifiers follow the parameters (`User::authenticated() const {`, `ACLProxyAuth::ACLProxyAuth(…) :`), or it
 * starts with a return type and the qualified name, with the body on the next line or none (`bool Key::encrypted() const`,
 * `QUuid CompositeKey::UUID("…");`, a static member's definition).
 */
function qualifiedDefinition(code: string, name: number, close: number): boolean {
	if (code.charCodeAt(name - 1) !== 58 || code.charCodeAt(name - 2) !== 58) {
		return false;
	}
	const head = code.slice(lineHead(code, name, 200), name);
	return (QUALIFIED_HEAD.test(head) && CPP_AFTER_DEFINITION.test(code.slice(close + 1, close + 200))) || TYPED_QUALIFIED_HEAD.test(head);
}

const AFTER_DEFINITION = /^\s*(?::\s*[\w$.<>[\]|, ?]+\s*)?(?:\{|=>|throws\b)/;
/** Languages with method signatures without a body: `jwtEncrypt(user: RemoteUser): Promise<string>;` in an interface. */
const TYPED_SIGNATURES = new Set(['typescript', 'typescriptreact']);
/** A signature's return type ending its line, after a name that starts the line. */
const SIGNATURE_AFTER = /^[ \t]*:[ \t]*[\w$.<>[\]|&, ?'"]+;?[ \t]*(?:\/\/[^\n]*)?(?:\n|$)/;

/** Offset of the parenthesis closing the one at `open`, or `open + limit` when none is near. */
export function closingParen(code: string, open: number, limit = 4000): number {
	let depth = 0;
	const end = Math.min(code.length, open + limit);
	for (let i = open; i < end; i++) {
		const c = code.charCodeAt(i);
		if (c === 40) {
			depth++;
		} else if (c === 41 && --depth === 0) {
			return i;
		}
	}
	return end;
}

const MODIFIERS = new Set(['self', 'this', 'static', 'async', 'public', 'private', 'protected']);

function isDefinition(code: string, name: number, close: number, languageId: string): boolean {
	const spaceOrPointer = (c: number): boolean => isSpace(c) || c === 42 || c === 38;
	let prev = wordBefore(code, name, spaceOrPointer);
	if (prev !== null && code.charCodeAt(name - 1) === 46 && MODIFIERS.has(prev.word)) {
		// `self.method(`: a call on self, unless Ruby's `def self.method(` defines it
		prev = wordBefore(code, prev.start, spaceOrPointer)?.word === 'def' ? { word: 'def', start: prev.start } : null;
	} else if (prev !== null && MODIFIERS.has(prev.word)) {
		prev = wordBefore(code, prev.start, spaceOrPointer) ?? prev;
	}
	if (prev !== null && DEFINING.has(prev.word)) {
		return true;
	}
	// Go methods: `func (s *Store) Name(` (the line starts with `func (`). Only Go is asked: a line
	// start is a backward scan, too slow to do for every call of a minified bundle.
	if (languageId === 'go') {
		const lineStart = code.lastIndexOf('\n', name - 1) + 1;
		if (/^\s*func\s*\(/.test(code.slice(lineStart, name))) {
			return true;
		}
	}
	if (BRACE_DEFINES.has(languageId) && AFTER_DEFINITION.test(code.slice(close + 1, close + 200))) {
		return true;
	}
	if (TYPED_SIGNATURES.has(languageId) && prev === null && SIGNATURE_AFTER.test(code.slice(close + 1, close + 200))) {
		return true;
	}
	if (TYPED_DECLARES.has(languageId) && prev === null && C_FAMILY.has(languageId) && (returnTypeAbove(code, name) || qualifiedDefinition(code, name, close))) {
		return true;
	}
	// `void` is JavaScript's operator but C's and Java's return type: `static void reset_creds(void);` declares.
	if (TYPED_DECLARES.has(languageId) && prev !== null && (!PREFIX_WORDS.has(prev.word) || prev.word === 'void') && !code.slice(prev.start, name).includes('\n')) {
		const between = code.slice(prev.start + prev.word.length, name);
		return /^[\s*&]*$/.test(between) && between.length > 0;
	}
	return false;
}

/** For each `(` of `code`, the offset of its `)` (or the end of the code when it has none). */
function parenPairs(code: string): { readonly pairs: Map<number, number>; readonly opens: number[] } {
	const pairs = new Map<number, number>();
	const opens: number[] = [];
	const open: number[] = [];
	for (let i = code.indexOf('('), j = code.indexOf(')'); i >= 0 || j >= 0;) {
		if (i >= 0 && (j < 0 || i < j)) {
			open.push(i);
			opens.push(i);
			i = code.indexOf('(', i + 1);
		} else {
			const o = open.pop();
			if (o !== undefined) {
				pairs.set(o, j);
			}
			j = code.indexOf(')', j + 1);
		}
	}
	for (const o of open) {
		pairs.set(o, code.length);
	}
	return { pairs, opens };
}

/** True for the characters of an identifier (`[A-Za-z0-9_$]`). */
function isNameChar(c: number): boolean {
	return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** The name a `(` at `open` calls (`f (`, `valid? (`), as its start; -1 when no name stands before it. */
function calleeStart(code: string, open: number): number {
	let i = open;
	while (i > 0 && isSpace(code.charCodeAt(i - 1))) {
		i--;
	}
	if (i > 0 && (code.charCodeAt(i - 1) === 63 || code.charCodeAt(i - 1) === 33)) {
		i--; // Ruby's `valid?(` and `save!(`
	}
	const nameEnd = i;
	while (i > 0 && isNameChar(code.charCodeAt(i - 1))) {
		i--;
	}
	const first = code.charCodeAt(i);
	if (i === nameEnd || (first >= 48 && first <= 57)) {
		return -1;
	}
	return i;
}

/** `(0, module_1.name)` before a call's parenthesis: how TypeScript's CommonJS output calls an imported function. */
const INDIRECT_CALLEE = /\(\s*0\s*,\s*(?:[A-Za-z_$][\w$]*\s*\.\s*)*([A-Za-z_$][\w$]*)\s*\)\s*$/;

/**
 * The name an indirect call calls (`(0, mfa_1.verifyRecoveryCodeHash)(hash, code)` calls `verifyRecoveryCodeHash` on
 * `mfa_1`), as its start and end; null when no such form stands before `open`.
 */
function indirectCallee(code: string, open: number): [number, number] | null {
	let i = open;
	while (i > 0 && isSpace(code.charCodeAt(i - 1))) {
		i--;
	}
	if (code.charCodeAt(i - 1) !== 41) {
		return null;
	}
	const from = Math.max(0, i - 160);
	const m = INDIRECT_CALLEE.exec(code.slice(from, i));
	if (m === null) {
		return null;
	}
	const end = from + m.index + m[0].lastIndexOf(m[1]) + m[1].length;
	return [end - m[1].length, end];
}

/** The call sites of a file, and the names it defines (functions and methods). */
export interface Sites {
	readonly calls: readonly CallSite[];
	readonly defined: ReadonlySet<string>;
}

/**
 * Every call site of `code` (masked text), in order, and the names defined there. `withStrings`
 * (the text with only comments blanked) lets Ruby's calls without parentheses be told from variables.
 */
export function callSites(code: string, languageId: string, withStrings?: () => string): Sites {
	const out: CallSite[] = [];
	const defined = new Set<string>();
	const { pairs, opens } = parenPairs(code);
	const inMacro = macroBodies(code, languageId);
	for (const open of opens) {
		const site = siteAt(code, open, pairs.get(open) ?? code.length, languageId);
		if (site !== null && 'defines' in site) {
			defined.add(site.defines);
		} else if (site !== null && !inMacro(site.start)) {
			out.push(site);
		}
	}
	if (languageId === 'ruby' && withStrings !== undefined) {
		out.push(...rubyBareCalls(code, withStrings()));
		out.sort((a, b) => a.start - b.start);
		// `def generate_confirmation_token` (no parameters, no parentheses) defines a method too.
		for (const m of code.matchAll(/^[ \t]*def[ \t]+(?:self\.)?([a-z_]\w*[?!]?)[ \t]*$/gm)) {
			defined.add(m[1]);
		}
	}
	for (const name of boundFunctions(code)) {
		defined.add(name);
	}
	return { calls: ESTREE_LANGUAGE_IDS.has(languageId) ? withAppliedCalls(code, out) : out, defined };
}

/** The function reference `async.apply(…)` is given first: `async.apply(user.isAdministrator, uid)`. */
const APPLIED = /^\(\s*(?:([A-Za-z_$][\w$]*)\s*\.\s*)*([A-Za-z_$][\w$]*)\s*[,)]/;

/**
 * `calls` with the calls that async.js's partial application makes (`async.apply(user.isAdministrator, uid)` calls
 * `user.isAdministrator(uid, next)` when the task runs), each at its function reference.
 */
function withAppliedCalls(code: string, calls: CallSite[]): CallSite[] {
	const applied: CallSite[] = [];
	for (const c of calls) {
		if (c.name !== 'apply' || c.receiver !== 'async') {
			continue;
		}
		const m = APPLIED.exec(code.slice(c.open, c.open + 200));
		if (m !== null) {
			// The reference ends where the match's `,` or `)` and the blanks before it begin.
			const head = code.slice(c.open, c.open + m[0].length - 1).trimEnd();
			applied.push({ start: c.open + head.length - m[2].length, name: m[2], receiver: m[1] ?? null, open: c.open, close: c.close, constructs: false });
		}
	}
	return applied.length === 0 ? calls : [...calls, ...applied].sort((a, b) => a.start - b.start);
}

/** Languages with a C preprocessor. */
const PREPROCESSED = new Set(['c', 'cpp', 'cuda-cpp', 'objective-c', 'objective-cpp']);
/** A `#define` line with its continuation lines. */
const MACRO = /^[ \t]*#[ \t]*define\b(?:[^\n]*\\\n)*[^\n]*/gm;

/**
 * Whether an offset lies in a macro's definition (`#define SSL_CTX_set0_tmp_dh_pkey(c, d) SSL_CTX_set_tmp_dh(c, d)`):
 * what a macro's body calls is used where the macro is, as a function's body is.
 */
function macroBodies(code: string, languageId: string): (offset: number) => boolean {
	if (!PREPROCESSED.has(languageId) || !code.includes('define')) {
		return () => false;
	}
	const ranges = [...code.matchAll(MACRO)].map((m) => [m.index, m.index + m[0].length] as const);
	return (offset) => ranges.some(([start, end]) => offset >= start && offset < end);
}

/** A function value bound to a name defines it too: `isAuthorized := func(…)`, `const check = (u) => …`, `verify = lambda t: …`. */
const FUNCTION_VALUE = /(?::=|(?<![=!<>+\-*/%&|^])=(?![=>]))[ \t]*(?:async[ \t]*)?(?:(?:func|function|lambda)\b|\([^()\n]*\)[ \t]*(?::[^=\n]{1,40})?=>)/g;

function boundFunctions(code: string): string[] {
	const out: string[] = [];
	for (const m of code.matchAll(FUNCTION_VALUE)) {
		const name = /([A-Za-z_$][\w$]*)[ \t]*$/.exec(code.slice(Math.max(0, m.index - 60), m.index));
		if (name !== null) {
			out.push(name[1]);
		}
	}
	return out;
}

/**
 * A Go interface's method (`Compare(hashed, plain, salt []byte) (bool, error)`): a name at the start of its
 * line whose parameters are followed, on that line, by its result types. A call is followed by nothing, an
 * operator or a selector.
 */
function goMethodSpec(code: string, start: number, close: number): boolean {
	const lineStart = code.lastIndexOf('\n', start - 1) + 1;
	return /^[ \t]*$/.test(code.slice(lineStart, start)) && /^[ \t]+(?:[\w*[(]|<-)/.test(code.slice(close + 1, close + 40));
}

/** What follows the parameters of a declaration without a body: `;`, after a return type or a `throws` clause. */
const BODILESS = /^\s*(?::\s*[^;{}()=]{0,80}|throws\s[\w.,\s]{1,80})?;/;

/** The call whose parentheses open at `open` and close at `close`; `{ defines }` for a definition; null when it is no call. */
function siteAt(code: string, open: number, close: number, languageId: string): CallSite | { defines: string } | null {
	let start = calleeStart(code, open);
	let nameEnd = open;
	if (start < 0) {
		const indirect = indirectCallee(code, open);
		if (indirect === null) {
			return null;
		}
		[start, nameEnd] = indirect;
	}
	const name = code.slice(start, nameEnd).trimEnd();
	if (NOT_CALLS.has(name)) {
		return null;
	}
	if (languageId === 'go' && goMethodSpec(code, start, close)) {
		return null;
	}
	if (name.endsWith('?') && (languageId === 'typescript' || languageId === 'typescriptreact')) {
		// `authenticate?(params): Promise<R>`: an optional method's signature (an optional call is `f?.(…)`).
		return null;
	}
	if (isDefinition(code, start, close, languageId)) {
		// An abstract or interface method (`abstract function update_session($v);`) defines no body to look into.
		return BODILESS.test(code.slice(close + 1, close + 120)) ? null : { defines: name };
	}
	const receiver = receiverBefore(code, start);
	const constructs = receiver === null && wordBefore(code, start, isSpace)?.word === 'new';
	return { start, name, receiver, open, close, constructs };
}

/**
 * The calls of `code` found by `re` (flag `g`: a name, then the opening parenthesis, which ends
 * the match), from the names alone: a multi-megabyte file's every call is not indexed to find a
 * few rare ones. Calls with parentheses only (not Ruby's bare calls).
 */
export function callSitesNamed(code: string, languageId: string, re: RegExp): CallSite[] {
	const out: CallSite[] = [];
	for (let m = re.exec(code); m !== null; m = re.exec(code)) {
		const open = m.index + m[0].length - 1;
		const site = siteAt(code, open, closingParen(code, open), languageId);
		if (site !== null && !('defines' in site)) {
			out.push(site);
		}
	}
	return out;
}
