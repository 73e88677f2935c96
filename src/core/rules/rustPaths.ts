/**
 * The `api` kind for Rust in the lexical engine: paths resolved through the file's `use`
 * declarations. After `use jsonwebtoken::{encode, decode};`, `encode(` is `jsonwebtoken::encode`;
 * after `use hmac::Hmac;`, `Hmac::<Sha256>::new_from_slice(` is `hmac::Hmac::new_from_slice`.
 */
import type { ApiMatch } from './model';
import type { FileView, Hit, Matcher } from './view';

/** `use a::b::{c, d as e, f::{g, self}};` */
const USE = /\buse\s+(?:::)?([\w:\s{},*]{1,4000}?);/g;

/** The names a file imports mapped to their full paths, and where its `use` declarations are. */
export function rustUses(code: string): { names: Map<string, string>; ranges: Array<readonly [number, number]> } {
	const names = new Map<string, string>();
	const ranges: Array<readonly [number, number]> = [];
	USE.lastIndex = 0;
	for (let m = USE.exec(code); m !== null; m = USE.exec(code)) {
		ranges.push([m.index, m.index + m[0].length]);
		const tree = m[1].trim().replace(/\s*(::|[{},])\s*/g, '$1').replace(/\s+/g, ' ');
		addUseTree(tree, '', names);
	}
	return { names, ranges };
}

function addUseTree(tree: string, prefix: string, out: Map<string, string>): void {
	const brace = tree.indexOf('{');
	if (brace >= 0 && tree.endsWith('}')) {
		const base = prefix + tree.slice(0, brace);
		for (const part of splitTopLevel(tree.slice(brace + 1, -1))) {
			addUseTree(part, base, out);
		}
		return;
	}
	const aliased = /^(.+?) as (\w+)$/.exec(tree);
	const segments = (prefix + (aliased ? aliased[1] : tree)).split('::').filter((x) => x !== '');
	if (segments[segments.length - 1] === 'self') {
		segments.pop();
	}
	const name = aliased ? aliased[2] : segments[segments.length - 1];
	if (name !== undefined && name !== '_' && /^\w+$/.test(name) && segments.length > 1) {
		out.set(name, segments.join('::'));
	}
}

function splitTopLevel(list: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let start = 0;
	for (let i = 0; i < list.length; i++) {
		const c = list[i];
		depth += c === '{' ? 1 : c === '}' ? -1 : 0;
		if (c === ',' && depth === 0) {
			parts.push(list.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(list.slice(start));
	return parts.filter((p) => p !== '');
}

const GENERICS = String.raw`<[^<>();]*(?:<[^<>();]*>[^<>();]*)*>`;

/** A path (turbofish generics allowed) not after `.`, `::` or `fn`, and what follows it (`(` for a call). */
const PATH = new RegExp(String.raw`(?<![\w.:]|\bfn[ \t]{1,8})((?:[A-Za-z_]\w*\s*::\s*(?:${GENERICS}\s*::\s*)?)*[A-Za-z_]\w*)(?:\s*::\s*${GENERICS})?(\s*\()?`, 'g');

/** The full path of `path` after the file's imports, generics dropped: `Hmac::<Sha256>::new` → `hmac::Hmac::new`. */
function resolve(path: string, uses: Map<string, string>): string {
	const segments = path.replace(/\s+/g, '').replace(/::<.*?>(?=::|$)/g, '').split('::');
	segments[0] = uses.get(segments[0]) ?? segments[0];
	return segments.join('::');
}

/** Offset after the parenthesis closing the one just before `from`, or the end of the code. */
function closingParen(code: string, from: number): number {
	let depth = 1;
	for (let i = from; i < code.length; i++) {
		const c = code[i];
		if (c === '(') {
			depth++;
		} else if (c === ')' && --depth === 0) {
			return i + 1;
		}
	}
	return code.length;
}

/** A test of a resolved path against qualified names in `::` syntax; a final `*` matches any (non-empty) rest. */
function pathTest(names: readonly string[]): (path: string) => boolean {
	const exact = new Set(names.filter((n) => !n.endsWith('*')));
	const prefixes = names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1));
	return (path) => exact.has(path) || prefixes.some((p) => path.length > p.length && path.startsWith(p));
}

/** A path written in the code: where, resolved, whether called, and (for a call) the end of its arguments. */
interface RustPath {
	readonly offset: number;
	readonly path: string;
	readonly isCall: boolean;
	readonly argsStart: number;
	readonly end: number;
}

const cache = new WeakMap<FileView, readonly RustPath[]>();

/** The paths of a Rust file outside its `use` declarations, resolved through them (computed once per file). */
function rustPaths(view: FileView): readonly RustPath[] {
	const known = cache.get(view);
	if (known !== undefined) {
		return known;
	}
	const code = view.code;
	const { names, ranges } = rustUses(code);
	const out: RustPath[] = [];
	let r = 0;
	PATH.lastIndex = 0;
	for (let p = PATH.exec(code); p !== null; p = PATH.exec(code)) {
		while (r < ranges.length && ranges[r][1] <= p.index) {
			r++;
		}
		if (r < ranges.length && ranges[r][0] <= p.index) {
			continue; // an import, not a use of the API
		}
		const isCall = p[2] !== undefined;
		const argsStart = p.index + p[0].length;
		out.push({ offset: p.index, path: resolve(p[1], names), isCall, argsStart, end: isCall ? closingParen(code, argsStart) : argsStart });
	}
	cache.set(view, out);
	return out;
}

/**
 * The paths of a Rust file that resolve to one of `m.names` (`use: reference`: any use, such as
 * `OsRng`; otherwise calls); one finding per call (`encode(&Header::default(), …)` is one operation).
 * Other languages' `api` records are run by the parser engines.
 */
export function rustPathMatcher(m: ApiMatch): Matcher {
	const wanted = pathTest(m.names);
	const unless = pathTest(m.unless);
	const args = m.args === null ? null : new RegExp(m.args, 'i');
	return (view: FileView) => {
		if (view.languageId !== 'rust') {
			return [];
		}
		const out: Hit[] = [];
		let coveredUntil = -1;
		for (const p of rustPaths(view)) {
			if (p.offset < coveredUntil || (!p.isCall && m.use !== 'reference') || !wanted(p.path) || unless(p.path)
				|| (args !== null && !args.test(view.code.slice(p.argsStart, p.end - 1)))) {
				continue;
			}
			coveredUntil = p.isCall ? p.end : p.offset;
			out.push({ offset: p.offset, api: p.path });
		}
		return out;
	};
}
