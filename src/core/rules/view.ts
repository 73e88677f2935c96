/** What the rule engine reads of one file, each part computed at most once. */
import type { ParsedSource } from '../parse/parsedSource';
import { callSites, type CallSite, type Sites } from './sites';

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

export class FileView {
	private sites: Sites | undefined;
	private stringList: StringLiteral[] | undefined;

	constructor(readonly source: ParsedSource) {}

	get text(): string {
		return this.source.file.text;
	}

	get languageId(): string {
		return this.source.file.languageId;
	}

	/** Code with comments and strings blanked. */
	get code(): string {
		return this.source.masked();
	}

	/** Code with comments blanked, strings kept. */
	get codeAndStrings(): string {
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
		const picked = new Set<CallSite>();
		for (const [word, calls] of index) {
			if (set.has(word)) {
				for (const c of calls) {
					picked.add(c);
				}
			}
		}
		return [...picked].sort((a, b) => a.start - b.start);
	}

	private ownIndex: Map<string, CallSite[]> | undefined;
	private allIndex: Map<string, CallSite[]> | undefined;

	private indexCalls(withReceiver: boolean): Map<string, CallSite[]> {
		const index = new Map<string, CallSite[]>();
		for (const call of this.calls()) {
			for (const w of new Set(callWords(call, withReceiver))) {
				const list = index.get(w);
				if (list === undefined) {
					index.set(w, [call]);
				} else {
					list.push(call);
				}
			}
		}
		return index;
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
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (list[mid].start <= call.open) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}
}

/** Words of a name (`hasPermission` → has, permission), with a final `*` in a rule word matching any ending. */
export class WordSet {
	private readonly exact: ReadonlySet<string>;
	private readonly prefixes: readonly string[];

	constructor(words: readonly string[]) {
		this.exact = new Set(words.filter((w) => !w.endsWith('*')));
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

/** Two-word terms rules write as one word: `SignIn` → signin, `log_out` → logout, `ApiKey` → apikey, `getRemoteUser` → remoteuser. */
const COMPOUNDS: ReadonlyMap<string, RegExp> = new Map([
	['sign', /^(?:in|out|on|off)$/], ['log', /^(?:in|out|on|off)$/], ['api', /^key$/], ['remote', /^user$/], ['two', /^factor$/],
]);

function withCompounds(words: string[]): string[] {
	const out = [...words];
	for (let i = 0; i + 1 < words.length; i++) {
		if (COMPOUNDS.get(words[i])?.test(words[i + 1]) === true) {
			out.push(words[i] + words[i + 1]);
		}
	}
	return out;
}

/**
 * The lower-case words of an identifier (`hasPermission`, `HAS_PERMISSION`, `has_permission` → has,
 * permission), as `nameWords` splits them, in one pass without regular expressions (it runs on every call).
 */
export function identifierWords(name: string): string[] {
	const out: string[] = [];
	let word = '';
	let prevLowerOrDigit = false;
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
			continue;
		}
		if (upper && prevLowerOrDigit && word !== '') {
			out.push(word);
			word = '';
		}
		word += upper ? String.fromCharCode(c + 32) : name[i];
		prevLowerOrDigit = lower || digit;
	}
	if (word !== '') {
		out.push(word);
	}
	return out;
}

const ownWords = new WeakMap<CallSite, string[]>();
const allWords = new WeakMap<CallSite, string[]>();

/** The words of a call's name, plus its receiver's when asked (computed once per call). */
export function callWords(call: CallSite, withReceiver: boolean): string[] {
	let own = ownWords.get(call);
	if (own === undefined) {
		own = withCompounds(identifierWords(call.name));
		ownWords.set(call, own);
	}
	if (!withReceiver || call.receiver === null) {
		return own;
	}
	let all = allWords.get(call);
	if (all === undefined) {
		all = [...identifierWords(call.receiver), ...own];
		allWords.set(call, all);
	}
	return all;
}
