/**
 * The ESTree engine's prefilter, derived from its records: a record can match a text only if the text
 * holds one of its anchors (literal words: an API's last name, a method's name, an option's key) and
 * every one of its conditions (the module it is imported from, a secret-like key, the shape of a
 * receiver and a call, a log message). One pass finds the anchors present; only their records'
 * conditions are tried. Nothing here is kept by hand: a new record brings its own prefilter.
 */
import { escapeRegExp } from '../../detection/custom/calls';
import { SECURITY_PHRASE } from '../../detection/names';
import { apiAnchor, anchorOf } from '../matchers';
import type { RuleMatch, RuleRecord } from '../model';
import { AUDIT_LOGGER, AUDIT_LOGGER_ANCHORS, AUDIT_LOGGER_CONDITION } from './auditLogger';
import { GLOBALS } from './resolver';

/** What a text must hold for a record to match: one of `anchors` (as written, or in any case), and every condition. */
interface RecordFilter {
	readonly record?: RuleRecord;
	readonly anchors: readonly string[];
	readonly ignoreCase?: boolean;
	readonly conditions: readonly RegExp[];
}

/** A superset of `isSecretName` (names.ts), unanchored. */
const SECRET_WORD = /secret|passw(?:or)?d|pwd|token|api[-_]?key|private[-_]?key|access[-_]?key|auth[-_]?key|credential|signing[-_]?key|encryption[-_]?key|_key\b/i;

const literals = (xs: readonly string[]): string[] => [...new Set(xs.map((x) => x.replace(/\*$/, '')))];
const alternation = (xs: readonly string[]): string => xs.map((x) => escapeRegExp(x.replace(/\*$/, ''))).join('|');

/** A regular expression that must hold somewhere: without its `^`/`$` anchors (those outside character classes). */
function unanchored(source: string): RegExp {
	return new RegExp(source.replace(/(?<!\\)[$^](?![^[]*\])/g, ''), 'i');
}

/** The module of a qualified name: what its import string or global holds (`crypto-js`, `@aws-sdk/client-kms`, `passport-`). */
function moduleOf(name: string): string {
	return name.replace(/\*$/, '').split('.')[0];
}

/**
 * A module named in the text: as an import or require string (`'node:crypto'`, `"crypto-js/aes"`,
 * `'passport-local'` for `passport-*`), or, for a global, as a word (`crypto`, `process`, `import.meta`).
 */
function moduleCondition(modules: readonly string[]): RegExp {
	const globals = modules.filter((m) => GLOBALS.has(m));
	const imported = modules.filter((m) => !GLOBALS.has(m) && m !== 'import');
	const parts = [
		...(imported.length > 0 ? [String.raw`['"\x60](?:node:)?(?:${imported.map((m) => escapeRegExp(m) + (m.endsWith('-') ? '' : String.raw`['"\x60/]`)).join('|')})`] : []),
		...(globals.length > 0 ? [String.raw`\b(?:${alternation(globals)})\b`] : []),
		...(modules.includes('import') ? [String.raw`\bimport\s*\.\s*meta\b`] : []),
	];
	return new RegExp(parts.join('|'));
}

function apiFilter(m: Extract<RuleMatch, { kind: 'api' }>): RecordFilter {
	if (m.names.every((n) => moduleOf(n) === AUDIT_LOGGER)) {
		return { anchors: AUDIT_LOGGER_ANCHORS, ignoreCase: true, conditions: [AUDIT_LOGGER_CONDITION] };
	}
	// The modules are the anchors (fewer and rarer than the APIs' names, which must also occur).
	const modules = [...new Set(m.names.map(moduleOf))];
	const conditions = [moduleCondition(modules), new RegExp(alternation(literals(m.names.map(apiAnchor))))];
	if (m.key === 'secret') {
		conditions.push(SECRET_WORD);
	}
	// A module is imported by a string (`'fs'`, `"node:fs"`): short names (`fs`, `tls`) are anchored with their quote.
	const anchors = modules.flatMap((mod) => (GLOBALS.has(mod) ? [mod] : mod === 'import' ? ['meta'] : ['\'', '"', '`', ':'].map((q) => q + mod)));
	return { anchors, conditions };
}

/** A receiver regular expression without a leading `[\w$]*` (a necessary part of it), or null when it accepts any name. */
function receiverPart(receiver: string): string | null {
	const re = new RegExp(`^(?:${receiver})$`);
	if (re.test('') || re.test('zq9') || re.test('x')) {
		return null;
	}
	return receiver.split('|').map((alt) => alt.replace(/^\[\\w\$\]\*/, '')).join('|');
}

function methodFilter(m: Extract<RuleMatch, { kind: 'method' }>): RecordFilter {
	const conditions: RegExp[] = [];
	const names = m.names.map((n) => `${escapeRegExp(n.replace(/\*$/, ''))}${n.endsWith('*') ? '[\\w$]*' : '\\b'}`).join('|');
	const receiver = m.receiver === null ? null : receiverPart(m.receiver);
	if (m.imports.length > 0) {
		conditions.push(moduleCondition(m.imports.map((i) => i.replace(/\*$/, ''))));
	}
	if (m.use === 'decorator') {
		conditions.push(new RegExp(String.raw`@\s*\(?\s*(?:[\w$]+\s*\.\s*)*(?:${names})`));
	} else if (receiver !== null) {
		// The receiver right before the name: `roles.includes(`, `(roles as string[]).includes(`.
		conditions.push(new RegExp(String.raw`(?:${receiver})(?:\s+as\s+[^)]{1,60})?[\s)!?]*\.\s*(?:${names})`));
	} else {
		// A call, not a definition with plain parameters (`authorize(params, callback) {`).
		conditions.push(new RegExp(String.raw`(?<![\w$])(?:${names})\s*(?:\?\.\s*)?(?:<[^;()]{0,200}>\s*)?\((?![\w$,\s]*\)[ \t]*\{)`));
	}
	if (m.args !== null) {
		conditions.push(unanchored(m.args));
	}
	if (m.message !== null) {
		conditions.push(m.message === 'security-event' ? SECURITY_PHRASE : new RegExp(m.message, 'i'));
	}
	return { anchors: literals(m.names), conditions };
}

/** The prefilter of one record. */
function recordFilter(match: RuleMatch): RecordFilter {
	switch (match.kind) {
		case 'api':
			return apiFilter(match);
		case 'method':
			return methodFilter(match);
		case 'option':
			return { anchors: literals(match.keys), conditions: match.value === null ? [] : [unanchored(match.value)] };
		case 'equals':
			return { anchors: literals(match.keys), conditions: [new RegExp(String.raw`\b(?:${alternation(match.keys)})\b`)] };
		case 'name':
		case 'member':
		case 'calls':
		case 'read':
		case 'log':
		case 'compare':
		case 'string':
		case 'pattern':
		case 'text':
			return { anchors: [], conditions: [new RegExp(anchorOf(match), 'i')] };
	}
}

/** One pass over a text for some anchors (as written, or in any case), and the filters each found word stands for. */
class AnchorPass {
	private readonly re: RegExp;
	private readonly byWord = new Map<string, readonly RecordFilter[]>();

	constructor(private readonly filters: readonly RecordFilter[], private readonly ignoreCase: boolean) {
		const norm = (a: string): string => (ignoreCase ? a.toLowerCase() : a);
		const anchors = [...new Set(filters.flatMap((f) => f.anchors.map(norm)))].sort((a, b) => b.length - a.length);
		this.re = new RegExp(anchors.map(escapeRegExp).join('|') || '(?!)', ignoreCase ? 'gi' : 'g');
	}

	/** The filters one of whose anchors the found word contains. */
	private filtersOf(word: string): readonly RecordFilter[] {
		let found = this.byWord.get(word);
		if (found === undefined) {
			found = this.filters.filter((f) => f.anchors.some((a) => word.includes(this.ignoreCase ? a.toLowerCase() : a)));
			this.byWord.set(word, found);
		}
		return found;
	}

	/**
	 * True when a filter of a found anchor accepts the text; `tried` keeps the filters already tried.
	 * With `accepted`, every accepting filter is added to it and the whole text is read.
	 */
	test(text: string, tried: Set<RecordFilter>, accepted?: Set<RecordFilter>): boolean {
		const re = this.re;
		re.lastIndex = 0;
		for (let m = re.exec(text); m !== null; m = re.exec(text)) {
			for (const f of this.filtersOf(this.ignoreCase ? m[0].toLowerCase() : m[0])) {
				if (!tried.has(f)) {
					tried.add(f);
					if (f.conditions.every((c) => c.test(text))) {
						if (accepted === undefined) {
							return true;
						}
						accepted.add(f);
					}
				}
			}
			// Anchors may overlap (`signAsync` holds `sign` and `sync`): the next search starts one character on.
			re.lastIndex = m.index + 1;
		}
		return false;
	}
}

/** A test of texts: can any of the records match, and which? */
export class RecordPrefilter {
	private readonly unanchored: readonly RecordFilter[];
	private readonly passes: readonly AnchorPass[];

	constructor(records: readonly RuleRecord[]) {
		const filters = records.map((r) => ({ ...recordFilter(r.match), record: r }));
		this.unanchored = filters.filter((f) => f.anchors.length === 0);
		this.passes = [false, true].map((ic) => new AnchorPass(filters.filter((f) => f.anchors.length > 0 && (f.ignoreCase ?? false) === ic), ic));
	}

	/** True when some record may match `text`. */
	test(text: string): boolean {
		const tried = new Set<RecordFilter>();
		return this.passes.some((p) => p.test(text, tried)) || this.unanchored.some((f) => f.conditions.every((c) => c.test(text)));
	}

	/** The records that may match `text`: only they are run on it. */
	select(text: string): Set<RuleRecord> {
		const tried = new Set<RecordFilter>();
		const accepted = new Set<RecordFilter>(this.unanchored.filter((f) => f.conditions.every((c) => c.test(text))));
		for (const p of this.passes) {
			p.test(text, tried, accepted);
		}
		return new Set([...accepted].map((f) => f.record).filter((r): r is RuleRecord => r !== undefined));
	}
}

/**
 * Lines that can only be comments, removed: a `//` line (without `{`: JSX text may hold an
 * expression), and a block opening a line whose following lines all start with `*` and that ends
 * a line with its `*\/` (without `${`: a template literal may hold a hole). Whatever else looks
 * like such a line is template or JSX text, never code, so no code is removed; the exact check on
 * the lexed text follows for the files that pass. Line breaks stay, so no two tokens are joined.
 */
export function withoutCommentLines(text: string): string {
	const head = FIRST_COMMENT_LINES.exec(text);
	return (head === null ? text : text.slice(head[0].length)).replace(COMMENT_LINES, '\n');
}

/** Either kind of comment line, in one pass (one copy of a multi-megabyte text, not two). */
const COMMENT_LINE = [
	String.raw`[ \t]*\/\*(?:(?!\*\/|\$\{)[^\n])*(?:\n[ \t]*\*(?!\/)(?:(?!\*\/|\$\{)[^\n])*)*(?:\n[ \t]*)?\*\/[ \t]*\r?(?=\n|$)`,
	String.raw`[ \t]*\/\/[^{\n]*(?=\n|$)`,
].join('|');
/** At the start of the text. */
const FIRST_COMMENT_LINES = new RegExp(`^(?:${COMMENT_LINE})`);
/** After a line break, which is kept: a search that starts at a literal `\n` skips ahead faster than one that tries `^` at every offset. */
const COMMENT_LINES = new RegExp(`\\n(?:${COMMENT_LINE})`, 'g');
