/**
 * The parser-engine kinds (`api`, `method`, `equals`) run lexically, for files that do not parse (or
 * are too large to): a call's chain as written (`alias.member(`, `member(`) is resolved through the
 * imports and requires the file's text shows, and must end the record's qualified name.
 */
import { escapeRegExp } from '../../detection/custom/calls';
import type { ApiMatch, EqualsMatch, MethodMatch } from '../model';
import { MAX_ESTREE_CHARS } from '../../parse/parsedSource';
import { callSitesNamed, type CallSite } from '../sites';
import { SharedAlternation, type FileView, type Hit, type Matcher } from '../view';
import { apiTest, globTest, importsPass, methodTest } from './predicates';
import { GLOBALS, normalizeModule, normalizeName } from './resolver';

const ID = String.raw`[A-Za-z_$][\w$]*`;
const MODULE = String.raw`\s*['"\x60]([^'"\x60\n]+)['"\x60]`;
/** A `require('m')` or `import('m')` call; what binds it is read right before it, its member right after. */
const REQUIRE_CALL = new RegExp(String.raw`\b(?:require|import)\s*\(${MODULE}\s*\)(?:\s*\.\s*(${ID}))?`, 'g');
const BOUND_BEFORE = new RegExp(String.raw`(?:\b(?:const|let|var)\s+|,\s*)(${ID})\s*=\s*(?:await\s+)?$`);
const DESTRUCTURED_BEFORE = new RegExp(String.raw`\b(?:const|let|var)\s*\{([^}]*)\}\s*=\s*(?:await\s+)?$`);
const IMPORTS: readonly RegExp[] = [
	new RegExp(String.raw`\bimport\s+(?:type\s+)?(${ID})\s*(?:,\s*\{([^}]*)\})?\s*from${MODULE}`, 'g'),
	new RegExp(String.raw`\bimport\s*\*\s*as\s+(${ID})\s+from${MODULE}`, 'g'),
	new RegExp(String.raw`\bimport\s*\{([^}]*)\}\s*from${MODULE}`, 'g'),
];

/** The names a file binds to modules, as its text shows (`const c = require('crypto')`, `import { sign as s } from 'jsonwebtoken'`). */
export interface LexicalImports {
	readonly bindings: ReadonlyMap<string, string>;
	readonly modules: ReadonlySet<string>;
}

function namedInto(out: Map<string, string>, list: string, module: string): void {
	for (const part of list.split(',')) {
		const m = new RegExp(String.raw`^\s*(?:type\s+)?(${ID})\s*(?:(?:as|:)\s*(${ID}))?\s*$`).exec(part);
		if (m !== null) {
			out.set(m[2] ?? m[1], normalizeName(`${module}.${m[1]}`));
		}
	}
}

/** `const c = require('crypto')`, `, jwt = require('jsonwebtoken').default`, `const { sign } = await import('jsonwebtoken')`. */
function requiresInto(text: string, bindings: Map<string, string>, modules: Set<string>): void {
	for (const m of text.matchAll(REQUIRE_CALL)) {
		const module = normalizeModule(m[1]);
		modules.add(module);
		const before = text.slice(Math.max(0, m.index - 300), m.index);
		const bound = BOUND_BEFORE.exec(before);
		if (bound !== null) {
			bindings.set(bound[1], m[2] === undefined ? module : normalizeName(`${module}.${m[2]}`));
			continue;
		}
		const destructured = DESTRUCTURED_BEFORE.exec(before);
		if (destructured !== null) {
			namedInto(bindings, destructured[1], module);
		}
	}
}

/** The imports of a text with comments blanked. */
export function lexicalImports(text: string): LexicalImports {
	const bindings = new Map<string, string>();
	const modules = new Set<string>();
	if (text.includes('require') || text.includes('import')) {
		requiresInto(text, bindings, modules);
	}
	if (!text.includes('import')) {
		return { bindings, modules };
	}
	const [imported, namespace, named] = IMPORTS;
	for (const m of text.matchAll(imported)) {
		const module = normalizeModule(m[3]);
		modules.add(module);
		bindings.set(m[1], module);
		if (m[2] !== undefined) {
			namedInto(bindings, m[2], module);
		}
	}
	for (const m of text.matchAll(namespace)) {
		const module = normalizeModule(m[2]);
		modules.add(module);
		bindings.set(m[1], module);
	}
	for (const m of text.matchAll(named)) {
		const module = normalizeModule(m[2]);
		modules.add(module);
		namedInto(bindings, m[1], module);
	}
	return { bindings, modules };
}

/** True when a file may use one of a record's modules: it is a global, or imported (`passport-*`: any `passport-…`). */
function usesModules(names: readonly string[], imports: LexicalImports): boolean {
	const heads = [...new Set(imports.bindings.values())];
	return names.some((n) => {
		const module = n.replace(/\*$/, '').split('.')[0];
		return GLOBALS.has(module) || [...imports.modules, ...heads].some((m) => m.startsWith(module));
	});
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isIdentifierChar = (c: string): boolean => /[\w$]/.test(c);

/** A call's chain as written (`['jwt', 'sign']` of `jwt . sign(`, `a?.b.c(`) and where it starts, read backwards from the name. */
function chainOf(code: string, call: CallSite): { names: string[]; start: number } {
	const names = [call.name];
	let start = call.start;
	while (names.length < 8) {
		let j = start - 1;
		while (j >= 0 && isSpace(code[j])) {
			j--;
		}
		if (code[j] !== '.' || code[j - 1] === '.') {
			break;
		}
		j -= code[j - 1] === '?' ? 2 : 1;
		while (j >= 0 && isSpace(code[j])) {
			j--;
		}
		const end = j + 1;
		while (j >= 0 && isIdentifierChar(code[j])) {
			j--;
		}
		const id = code.slice(j + 1, end);
		if (!/^[A-Za-z_$]/.test(id)) {
			break;
		}
		names.unshift(id);
		start = j + 1;
	}
	return { names, start };
}

/** The qualified name a written chain denotes through the file's imports and the known globals, or null. */
function qualify(written: readonly string[], imports: LexicalImports): string | null {
	// `window.crypto.subtle`, `globalThis.process.env`: the global object's members are globals.
	const names = written.length > 1 && GLOBALS.get(written[0])?.startsWith('#') === true && !imports.bindings.has(written[0]) ? written.slice(1) : written;
	const head = imports.bindings.get(names[0]) ?? GLOBALS.get(names[0]);
	return head === undefined || head.startsWith('#') ? null : normalizeName([head, ...names.slice(1)].join('.'));
}

/** The lexical imports of a view, computed once per file. */
const importsOf = new WeakMap<FileView, LexicalImports>();
function viewImports(view: FileView): LexicalImports {
	let found = importsOf.get(view);
	if (found === undefined) {
		found = lexicalImports(view.codeAndStrings);
		importsOf.set(view, found);
	}
	return found;
}

/**
 * The called names of every record compiled so far, as one expression: a file too large to parse is
 * searched once for all of them (see {@link callsNamed}), not once per record.
 */
const CALLED = new SharedAlternation((names) => String.raw`(?<![\w$])(?:${names})\s*\(`);

/** Adds a record's called names to the one search; returns them. */
function searched(names: string | null): string | null {
	if (names !== null) {
		CALLED.add(names);
	}
	return names;
}

/** A file's calls by called name, indexed once per file. */
const byNameOf = new WeakMap<FileView, Map<string, CallSite[]>>();

/** The regular expression of called names (last segments, a final `*` glob) of qualified names; null when one can be any name (`otplib.*`). */
function calledNames(names: readonly string[], qualified: boolean): string | null {
	const out: string[] = [];
	for (const n of names) {
		if (qualified && !n.includes('.')) {
			return null; // a module (`passport-*`): any name it exports
		}
		const last = n.slice(n.lastIndexOf('.') + 1);
		const literal = last.endsWith('*') ? last.slice(0, -1) : last;
		if (literal === '' || literal.includes('*')) {
			return null;
		}
		out.push(escapeRegExp(literal) + (last.endsWith('*') ? '[\\w$]*' : ''));
	}
	return out.join('|');
}

/**
 * The calls whose name passes `test` (a name with a final `*` glob), in file order: the index's names are
 * tried, not every call. In a file too large to parse, whose calls are otherwise not indexed, a record
 * that gives its `names` (see {@link calledNames}, added to the shared search by `searched`) takes its
 * calls from that one search.
 */
function callsNamed(view: FileView, test: (name: string) => boolean, names: string | null = null): CallSite[] {
	if (names !== null && view.text.length > MAX_ESTREE_CHARS && !byNameOf.has(view)) {
		return CALLED.once(view, (re) => callSitesNamed(view.code, view.languageId, re)).filter((c) => test(c.name));
	}
	let index = byNameOf.get(view);
	if (index === undefined) {
		index = new Map();
		for (const call of view.calls()) {
			const list = index.get(call.name);
			if (list === undefined) {
				index.set(call.name, [call]);
			} else {
				list.push(call);
			}
		}
		byNameOf.set(view, index);
	}
	const out: CallSite[] = [];
	for (const [name, calls] of index) {
		if (test(name)) {
			out.push(...calls);
		}
	}
	return out.sort((a, b) => a.start - b.start);
}

function argsOf(view: FileView, call: CallSite): string {
	return view.codeAndStrings.slice(call.open + 1, Math.min(call.close, call.open + 2000));
}

/** `api` calls and `new`s, lexically. */
function apiCalls(m: ApiMatch): Matcher {
	const t = apiTest(m);
	// The names a call must end with, when no name ends with a glob (most records): the rest are not looked at.
	const last = m.names.some((n) => n.endsWith('*') || !n.includes('.')) ? null : new Set(m.names.map((n) => n.slice(n.lastIndexOf('.') + 1)));
	const called = searched(calledNames(m.names, true));
	const calledTest = called === null ? null : new RegExp(`^(?:${called})$`);
	return (view) => {
		const imports = viewImports(view);
		const out: Hit[] = [];
		if (!usesModules(m.names, imports)) {
			return out;
		}
		const calls = last !== null ? callsNamed(view, (name) => last.has(name), called)
			: calledTest !== null && view.text.length > MAX_ESTREE_CHARS ? callsNamed(view, (name) => calledTest.test(name), called) : view.calls();
		for (const call of calls) {
			const { names, start } = chainOf(view.code, call);
			const q = qualify(names, imports);
			if (q === null || !t.name(q) || (m.use === 'new' && !/\bnew\s+$/.test(view.code.slice(Math.max(0, start - 20), start)))) {
				continue;
			}
			const args = argsOf(view, call);
			const first = /^\s*(?:['"\x60]([^'"\x60]*)['"\x60]|([^,]*))/.exec(args);
			if ((t.args === null || t.args.test(args)) && (t.key === null || t.key(first?.[1] ?? first?.[2] ?? ''))) {
				out.push({ offset: start, api: q });
			}
		}
		return out;
	};
}

/** How each prefix (`process.env`) may be written in a file: through a global or an import (`env` of `import { env } from 'process'`). */
function writtenPrefixes(prefixes: readonly string[], imports: LexicalImports): { re: RegExp; prefix: string }[] {
	const out: { re: RegExp; prefix: string }[] = [];
	for (const prefix of prefixes) {
		for (const [local, target] of [...GLOBALS, ...imports.bindings]) {
			if (prefix === target || prefix.startsWith(`${target}.`)) {
				const way = [local, ...prefix.slice(target.length).split('.').filter((s) => s !== '')].map(escapeRegExp).join(String.raw`\s*\.\s*`);
				out.push({ re: new RegExp(String.raw`(?<![\w$.])${way}\s*(?:\.\s*(${ID})|\[\s*['"\x60]([\w$]+)['"\x60]\s*\])`, 'g'), prefix });
			}
		}
	}
	return out;
}

/** `api` references (`process.env.*`), lexically: the prefix written through an alias, then `.KEY` or `['KEY']`. */
function apiReferences(m: ApiMatch): Matcher {
	const t = apiTest(m);
	const prefixes = m.names.filter((n) => n.endsWith('.*')).map((n) => n.slice(0, -2));
	return (view) => {
		const out: Hit[] = [];
		for (const { re, prefix } of writtenPrefixes(prefixes, viewImports(view))) {
			for (const r of view.codeAndStrings.matchAll(re)) {
				const key = r[1] ?? r[2];
				const name = `${prefix}.${key}`;
				if (view.code[r.index] === view.codeAndStrings[r.index] && t.name(name) && (t.key === null || t.key(key))) {
					out.push({ offset: r.index, api: name });
				}
			}
		}
		return out.sort((a, b) => a.offset - b.offset);
	};
}

export function lexicalApi(m: ApiMatch): Matcher {
	return m.use === 'reference' ? apiReferences(m) : apiCalls(m);
}

/** `method` calls, lexically: the called name, its receiver's last name, the file's imports. */
export function lexicalMethod(m: MethodMatch): Matcher {
	const t = methodTest(m);
	const called = searched(calledNames(m.names, false));
	return (view) => {
		const out: Hit[] = [];
		if (!importsPass(m, t, viewImports(view).modules)) {
			return out;
		}
		for (const call of callsNamed(view, t.name, called)) {
			if (t.receiver !== null && !t.receiver.test(call.receiver ?? '')) {
				continue;
			}
			const { start } = chainOf(view.code, call);
			const decorated = /@\s*$/.test(view.code.slice(Math.max(0, start - 10), start));
			if ((m.use === 'decorator' && !decorated) || !importsPass(m, t, viewImports(view).modules) || (t.args !== null && !t.args.test(argsOf(view, call)))) {
				continue;
			}
			const strings = view.stringsIn(call, 2).map((s) => s.content);
			if (t.message === null || strings.some((s) => t.message?.(s))) {
				out.push({ offset: start, api: m.use === 'decorator' ? `@${call.name}` : call.receiver === null ? call.name : `${call.receiver}.${call.name}` });
			}
		}
		return out;
	};
}

/** `equals`, lexically: `.role === '…'` or `'…' !== x.role`. */
export function lexicalEquals(m: EqualsMatch): Matcher {
	const keys = globTest(m.keys);
	const re = new RegExp(String.raw`\.\s*(${ID})[\s)]*[!=]==?\s*['"\x60]|['"\x60][\s)]*[!=]==?[\s(]*[\w$.\s]*?\.\s*(${ID})\b`, 'g');
	return (view) => {
		const out: Hit[] = [];
		for (const r of view.codeAndStrings.matchAll(re)) {
			const field = r[1] ?? r[2];
			if (keys(field) && view.code[r.index] === view.codeAndStrings[r.index]) {
				out.push({ offset: r.index, api: `.${field}` });
			}
		}
		return out;
	};
}
