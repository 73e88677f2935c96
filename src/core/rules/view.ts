/** What the rule engine reads of one file, each part computed at most once. */
import type { ParsedSource } from '../parse/parsedSource';
import { callSites, type CallSite, type Sites } from './sites';
import { firstNotBefore } from '../text/search';
import { nameWords } from '../detection/names';

/** A match: where it is and what matched (the finding's `api`). */
export interface Hit {
	readonly offset: number;
	readonly api: string;
}

/** What a rule record compiles to: its matches in one file. */
export type Matcher = (view: FileView) => Hit[];

/** A string literal: its span (quotes included) and its content. */
export interface StringLiteral {
	readonly start: number;
	readonly end: number;
	readonly content: string;
}

const QUOTE = /^[bBrRuUfF@$]{0,2}("""|'''|["'`])/;

function literal(text: string, start: number, end: number): StringLiteral {
	const raw = text.slice(start, end);
	const m = QUOTE.exec(raw);
	if (m === null) {
		return { start, end, content: raw };
	}
	const open = m[0].length;
	const close = raw.length >= open + m[1].length && raw.endsWith(m[1]) ? m[1].length : 0;
	return { start, end, content: raw.slice(open, raw.length - close) };
}

/** The view of a file, shared by the engines that read it (its call sites are found once). */
const views = new WeakMap<ParsedSource, FileView>();
export function viewOf(source: ParsedSource): FileView {
	let view = views.get(source);
	if (view === undefined) {
		view = new FileView(source);
		views.set(source, view);
	}
	return view;
}

/** Blanks inline HTML outside `<?php … ?>` (same length, line breaks kept); a file without `<?` is all PHP. */
export function blankInlineHtml(code: string): string {
	if (!code.includes('<?')) {
		return code;
	}
	const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
	let out = '';
	let pos = 0;
	while (pos < code.length) {
		const open = code.indexOf('<?', pos);
		if (open < 0) {
			out += blank(code.slice(pos));
			break;
		}
		out += blank(code.slice(pos, open));
		const close = code.indexOf('?>', open + 2);
		const end = close < 0 ? code.length : close + 2;
		out += code.slice(open, end);
		pos = end;
	}
	return out;
}

/** A file's calls by word, and the words in sorted order (prefix words are runs of them). */
interface CallIndex {
	readonly calls: ReadonlyMap<string, CallSite[]>;
	readonly keys: readonly string[];
}

export class FileView {
	private sites: Sites | undefined;
	private stringList: StringLiteral[] | undefined;

	constructor(readonly source: ParsedSource) {}

	private memos: Map<object, unknown> | undefined;

	/** A value computed once per file for `key` (an object owned by whoever computes it): shared work of several rules. */
	memo<T>(key: object, make: () => T): T {
		this.memos ??= new Map();
		if (!this.memos.has(key)) {
			this.memos.set(key, make());
		}
		return this.memos.get(key) as T;
	}

	get text(): string {
		return this.source.file.text;
	}

	get languageId(): string {
		return this.source.file.languageId;
	}

	private phpCode: string | undefined;
	private phpText: string | undefined;

	/** Code with comments and strings blanked (and a PHP file's inline HTML). */
	get code(): string {
		if (this.languageId === 'php') {
			this.phpCode ??= blankInlineHtml(this.source.masked());
			return this.phpCode;
		}
		return this.source.masked();
	}

	/** Code with comments blanked, strings kept (a PHP file's inline HTML blanked). */
	get codeAndStrings(): string {
		if (this.languageId === 'php') {
			this.phpText ??= blankInlineHtml(this.source.withoutComments());
			return this.phpText;
		}
		return this.source.withoutComments();
	}

	calls(): readonly CallSite[] {
		this.sites ??= callSites(this.code, this.languageId, () => this.codeAndStrings);
		return this.sites.calls;
	}

	/**
	 * The calls whose words (with their receiver's when `withReceiver`) include one of `set`'s words,
	 * in file order: a rule looks only at the calls that can match it.
	 */
	callsWithWord(set: WordSet, withReceiver: boolean): CallSite[] {
		const index = withReceiver ? (this.allIndex ??= this.indexCalls(true)) : (this.ownIndex ??= this.indexCalls(false));
		const lists: CallSite[][] = [];
		for (const w of set.words) {
			const calls = index.calls.get(w);
			if (calls !== undefined) {
				lists.push(calls);
			}
		}
		for (const p of set.prefixes) {
			// The words starting with `p` are a run of the sorted keys: find its start by binary search.
			for (let i = firstNotBefore(index.keys.length, (k) => index.keys[k] < p); i < index.keys.length && index.keys[i].startsWith(p); i++) {
				lists.push(index.calls.get(index.keys[i]) ?? []);
			}
		}
		if (lists.length <= 1) {
			return lists[0] ?? [];
		}
		return [...new Set(lists.flat())].sort((a, b) => a.start - b.start);
	}

	private ownIndex: CallIndex | undefined;
	private allIndex: CallIndex | undefined;

	private indexCalls(withReceiver: boolean): CallIndex {
		const calls = new Map<string, CallSite[]>();
		const add = (w: string, call: CallSite): void => {
			const list = calls.get(w);
			if (list === undefined) {
				calls.set(w, [call]);
			} else if (list[list.length - 1] !== call) {
				list.push(call);
			}
		};
		for (const call of this.calls()) {
			for (const w of cachedWords(NAME_WORDS, call.name, true)) {
				add(w, call);
			}
			if (withReceiver && call.receiver !== null) {
				for (const w of cachedWords(RECEIVER_WORDS, call.receiver, false)) {
					add(w, call);
				}
			}
		}
		return { calls, keys: [...calls.keys()].sort() };
	}

	/** Names of the functions and methods this file defines. */
	defined(): ReadonlySet<string> {
		this.sites ??= callSites(this.code, this.languageId, () => this.codeAndStrings);
		return this.sites.defined;
	}

	strings(): readonly StringLiteral[] {
		this.stringList ??= this.source.lex.strings.map((s) => literal(this.text, s.start, s.end));
		return this.stringList;
	}

	/** The string literals inside a call's parentheses (at most `limit`). */
	stringsIn(call: CallSite, limit = 4): StringLiteral[] {
		const list = this.strings();
		const out: StringLiteral[] = [];
		for (let i = this.firstStringIndex(call); i < list.length && list[i].start < call.close && out.length < limit; i++) {
			out.push(list[i]);
		}
		return out;
	}

	/** The first string literal inside a call's parentheses, or null. */
	firstStringIn(call: CallSite): StringLiteral | null {
		const list = this.strings();
		const i = this.firstStringIndex(call);
		return i < list.length && list[i].start < call.close ? list[i] : null;
	}

	/** Index of the first string literal starting after a call's opening parenthesis (binary search). */
	private firstStringIndex(call: CallSite): number {
		const list = this.strings();
		return firstNotBefore(list.length, (i) => list[i].start <= call.open);
	}
}

/** Words of a name (`hasPermission` → has, permission), with a final `*` in a rule word matching any ending. */
export class WordSet {
	private readonly exact: ReadonlySet<string>;
	/** The whole words, and the beginnings of the words written with a final `*`. */
	readonly words: readonly string[];
	readonly prefixes: readonly string[];

	constructor(words: readonly string[]) {
		this.words = words.filter((w) => !w.endsWith('*'));
		this.exact = new Set(this.words);
		this.prefixes = words.filter((w) => w.endsWith('*')).map((w) => w.slice(0, -1));
	}

	has(word: string): boolean {
		return this.exact.has(word) || this.prefixes.some((p) => word.startsWith(p));
	}

	/** True when one of `words` is in the set. */
	any(words: readonly string[]): boolean {
		return words.some((w) => this.has(w));
	}
}

/** Two-word terms rules write as one word: `SignIn` → signin, `log_out` → logout, `ApiKey` → apikey, `getRemoteUser` → remoteuser, `key_path` → keypath. */
const COMPOUNDS: ReadonlyMap<string, RegExp> = new Map([
	['sign', /^(?:in|out|on|off)$/], ['log', /^(?:in|out|on|off)$/], ['api', /^key$/], ['remote', /^user$/], ['two', /^factor$/],
	['key', /^(?:file|path)$/], ['token', /^(?:file|path)$/], ['password', /^(?:file|path)$/],
]);

/** Whether `word` is one of the compounds {@link withCompounds} makes: a file may spell it in two words (`sign_in`, `api_key`), so its text need not hold `signin`. */
export function isCompound(word: string): boolean {
	for (const [first, second] of COMPOUNDS) {
		if (word.length > first.length && word.startsWith(first) && second.test(word.slice(first.length))) {
			return true;
		}
	}
	return false;
}

export function withCompounds(words: string[]): string[] {
	const out = [...words];
	for (let i = 0; i + 1 < words.length; i++) {
		if (COMPOUNDS.get(words[i])?.test(words[i + 1]) === true) {
			out.push(words[i] + words[i + 1]);
		}
	}
	return out;
}

const isLowerAt = (text: string, i: number): boolean => i < text.length && text.charCodeAt(i) >= 97 && text.charCodeAt(i) <= 122;

/**
 * The lower-case words of an identifier (`hasPermission`, `HAS_PERMISSION`, `has_permission` → has,
 * permission), as `nameWords` splits them, in one pass without regular expressions (it runs on every call).
 */
export function identifierWords(name: string): string[] {
	const out: string[] = [];
	let word = '';
	let prevLowerOrDigit = false;
	let upperRun = 0;
	for (let i = 0; i < name.length; i++) {
		const c = name.charCodeAt(i);
		const upper = c >= 65 && c <= 90;
		const lower = c >= 97 && c <= 122;
		const digit = c >= 48 && c <= 57;
		if (!upper && !lower && !digit) {
			if (word !== '') {
				out.push(word);
			}
			word = '';
			prevLowerOrDigit = false;
			upperRun = 0;
			continue;
		}
		if (upper && (c === 78 || c === 90) && word === 'auth' && !isLowerAt(name, i + 1)) {
			// `AuthZRequest`, `checkAuthN`: authorization and authentication abbreviated, one word (authz, authn)
			word += String.fromCharCode(c + 32);
			upperRun = 0;
			continue;
		}
		if (upper && prevLowerOrDigit && word !== '') {
			out.push(word);
			word = '';
		} else if (lower && upperRun >= 2) {
			// `SSLContext`: the last capital of a run starts the next word (ssl, context)
			out.push(word.slice(0, -1));
			word = word.slice(-1);
		}
		word += upper ? String.fromCharCode(c + 32) : name[i];
		prevLowerOrDigit = lower || digit;
		upperRun = upper ? upperRun + 1 : 0;
	}
	if (word !== '') {
		out.push(word);
	}
	return out;
}

/**
 * Words of identifiers, by name: a file calls the same few hundred names again and again (`push`,
 * `get`, `logger`), so each is split once per thread. Cleared when it grows past a bound.
 */
const NAME_WORDS = new Map<string, readonly string[]>();
const RECEIVER_WORDS = new Map<string, readonly string[]>();
const MAX_NAMES = 50_000;

function cachedWords(cache: Map<string, readonly string[]>, name: string, compounds: boolean): readonly string[] {
	let words = cache.get(name);
	if (words === undefined) {
		if (cache.size >= MAX_NAMES) {
			cache.clear();
		}
		words = compounds ? withCompounds(identifierWords(name)) : identifierWords(name);
		cache.set(name, words);
	}
	return words;
}

/** A call's words with its receiver's, built once per call (several rules ask for them). */
const ALL_WORDS = new WeakMap<CallSite, readonly string[]>();

/** The words of a call's name, plus its receiver's when asked. */
export function callWords(call: CallSite, withReceiver: boolean): readonly string[] {
	const own = cachedWords(NAME_WORDS, call.name, true);
	if (!withReceiver || call.receiver === null) {
		return own;
	}
	let all = ALL_WORDS.get(call);
	if (all === undefined) {
		all = [...cachedWords(RECEIVER_WORDS, call.receiver, false), ...own];
		ALL_WORDS.set(call, all);
	}
	return all;
}

/**
 * Alternatives that many records add (option keys, called names), searched as one expression once
 * per file and shared by all of them, not once per record. Longer alternatives come first, so a key
 * that is a prefix of another does not win over it.
 */
export class SharedAlternation {
	private readonly parts = new Set<string>();
	private current: RegExp;

	/** `expression` makes the searched expression (flag `g`) from the alternation. */
	constructor(private readonly expression: (alternation: string) => string) {
		this.current = new RegExp(expression('(?!)'), 'g');
	}

	/** Adds regular-expression alternatives; the next file is searched with them. */
	add(...parts: readonly string[]): void {
		const before = this.parts.size;
		parts.forEach((p) => this.parts.add(p));
		if (this.parts.size !== before) {
			this.current = new RegExp(this.expression([...this.parts].sort((a, b) => b.length - a.length).join('|')), 'g');
		}
	}

	/** What `search` finds in `view` with the expression of the alternatives added so far, computed once per file. */
	once<T>(view: FileView, search: (re: RegExp) => T): T {
		const re = this.current;
		return view.memo(re, () => {
			re.lastIndex = 0;
			return search(re);
		});
	}
}

/** How a finding names a call: `receiver.name`, or the name alone. */
export function callApi(receiver: string | null, name: string): string {
	return receiver === null ? name : `${receiver}.${name}`;
}

/** The words of a call's arguments: its code, and its string literals (`open("keys/private.pem")`). */
export function argWords(view: FileView, call: CallSite): string[] {
	const code = withCompounds(nameWords(view.code.slice(call.open + 1, Math.min(call.close, call.open + 400))));
	return [...code, ...view.stringsIn(call).flatMap((s) => withCompounds(nameWords(s.content.slice(0, 200))))];
}
