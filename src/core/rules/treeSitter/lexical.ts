/**
 * Sites read from code text where the tree has errors (a file mid-edit): calls, constructors,
 * decorators and attributes, writes and references, the same for every language.
 */
import { type FileFacts, leadingString, type Site, type SiteLanguage, splitName } from './sites';

const CALL = /(?<![\w$.])(new\s+)?([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*(?:<[^<>()\n]*>\s*)?\(/g;
const LITERAL = /(?<![\w$.])([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\{/g;
const DECORATOR = /@\s*([A-Za-z_$][\w$.]*)/g;
const ATTRIBUTE = /\[\s*([A-Za-z_$][\w$.]*)/g;
const WRITE = /(?<![\w$.])([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(?:\+?=(?![=>])|:(?![:=]))\s*([^;\n]*)/g;
const REFERENCE = /(?<![\w$.])([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)\b(?!\s*[(\w])(\s*\[\s*)?/g;

/** The code of a call's arguments from just after its `(` to the matching `)` (or the end of the line). */
function argsFrom(code: string, at: number): string {
	let depth = 0;
	for (let i = at; i < code.length && i < at + 400; i++) {
		const c = code[i];
		if (c === '(') {
			depth++;
		} else if (c === ')' && depth-- === 0) {
			return code.slice(at, i);
		} else if (c === '\n' && depth === 0) {
			return code.slice(at, i);
		}
	}
	return code.slice(at, at + 400);
}

function site(kind: Site['kind'], offset: number, dotted: string, args: string, key: string | null): Site {
	const [receiver, member] = splitName(dotted);
	return { kind, offset, receiver, member, args, arity: args.trim() === '' ? 0 : args.split(',').length, key };
}

/**
 * The sites of `masked` (the code with comments and strings blanked) between `start` and `end`;
 * `text` is the file (string contents are read from it).
 */
export function lexicalSites(lang: SiteLanguage, text: string, masked: string, start: number, end: number, facts: FileFacts): void {
	const region = masked.slice(start, end);
	const add = (s: Site): void => facts.add({ ...s, offset: s.offset + start });
	for (const m of region.matchAll(CALL)) {
		const at = (m.index ?? 0) + m[0].length;
		const name = m[2].replace(/\s+/g, '');
		const isNew = m[1] !== undefined || (lang.capitalisedNew === true && /(?:^|\.)[A-Z]\w*$/.test(name));
		add(site(isNew ? 'new' : 'call', m.index ?? 0, name, argsFrom(text, start + at), leadingString(text.slice(start + at, start + at + 210))));
	}
	if (lang.versionedPaths === true) {
		for (const m of region.matchAll(LITERAL)) {
			add(site('reference', m.index ?? 0, m[1], '', null));
		}
	}
	for (const m of region.matchAll(lang.decoratorSuffix === undefined ? DECORATOR : ATTRIBUTE)) {
		add(site('decorator', m.index ?? 0, m[1], '', null));
	}
	for (const m of region.matchAll(WRITE)) {
		add(site('write', m.index ?? 0, m[1], m[2].trim().replace(/[,;)}\]]+$/, '').trim(), null));
	}
	for (const m of region.matchAll(REFERENCE)) {
		const keyAt = start + (m.index ?? 0) + m[0].length;
		add(site('reference', m.index ?? 0, m[1], '', m[2] === undefined ? null : leadingString(text.slice(keyAt, keyAt + 210))));
	}
}
