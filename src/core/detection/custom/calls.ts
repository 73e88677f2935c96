/**
 * Matching the `calls` of a custom rule: through the ESTree for TypeScript and JavaScript, and
 * lexically (code outside comments and strings) for every other language.
 */
import { nodeStart, type EsNode } from '../../parse/estree';

/** One segment of a callee's dotted name, with the offset where it is written. */
interface Segment {
	readonly name: string;
	readonly start: number;
}

/** A call name of a rule split into segments: `vault.read` → `['vault', 'read']`. */
export type CallName = readonly string[];

/** Splits the rule's call names (`vault.read`, `getSecret`, `Vault::read()`) into segments; drops empty ones. */
export function parseCallNames(calls: readonly string[]): CallName[] {
	const out: CallName[] = [];
	for (const raw of calls) {
		const segments = raw.trim().replace(/\(\s*\)$/, '').split(/\s*(?:\?\.|\.|::|->)\s*/).filter((s) => s !== '');
		if (segments.length > 0) {
			out.push(segments);
		}
	}
	return out;
}

/** A found call: the offset where the matched name starts, and the rule's call name it matched. */
export interface CallMatch {
	readonly offset: number;
	readonly name: string;
}

/** Escapes a string for a JavaScript regular expression. */
export function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Definitions (`def getSecret(`, `function getSecret(`, Go `func (s *S) GetSecret(`), which are not calls. */
const DEFINITION_BEFORE = /(?:\b(?:def|func|function|fn|fun|sub|proc|macro)\s+|\bfunc\s*\([^()]*\)\s*)$/;

/**
 * A precompiled regular expression per call name, over masked code: the segments joined by `.`, `?.`,
 * `::` or `->` (with spaces around), a `$` allowed before the first (PHP variables), optional generic
 * arguments, then `(`. The first segment may follow a dot: `this.vault.read(` matches `vault.read`.
 */
export function lexicalCallMatcher(names: readonly CallName[]): (masked: string) => CallMatch[] {
	const res = names.map((segments) => ({
		name: segments.join('.'),
		re: new RegExp(`(?<![\\w$])\\$?${segments.map(escapeRegExp).join('\\s*(?:\\?\\.|\\.|::|->)\\s*')}(?:\\s*<[^<>()\\n]{0,200}>)?\\s*\\(`, 'g'),
	}));
	return (masked) => {
		const out: CallMatch[] = [];
		for (const { name, re } of res) {
			re.lastIndex = 0;
			for (let m = re.exec(masked); m !== null; m = re.exec(masked)) {
				const before = masked.slice(Math.max(0, m.index - 80), m.index);
				if (!DEFINITION_BEFORE.test(before)) {
					out.push({ offset: m.index, name });
				}
			}
		}
		return out;
	};
}

/** The callee of a call as dotted segments (`this.vault.read`), `?` for parts that have no name. */
function calleeSegments(node: EsNode | undefined, out: Segment[]): void {
	if (node === undefined || node === null) {
		return;
	}
	switch (node.type) {
		case 'Identifier':
		case 'PrivateIdentifier':
			out.push({ name: String(node.name), start: nodeStart(node) });
			return;
		case 'ThisExpression':
			out.push({ name: 'this', start: nodeStart(node) });
			return;
		case 'Super':
			out.push({ name: 'super', start: nodeStart(node) });
			return;
		case 'MemberExpression': {
			calleeSegments(node.object as EsNode, out);
			const prop = node.property as EsNode;
			if (!node.computed) {
				calleeSegments(prop, out);
			} else if (prop.type === 'Literal' && typeof prop.value === 'string') {
				out.push({ name: prop.value, start: nodeStart(prop) });
			} else {
				out.push({ name: '?', start: nodeStart(prop) });
			}
			return;
		}
		case 'ChainExpression':
		case 'TSNonNullExpression':
		case 'TSAsExpression':
		case 'TSSatisfiesExpression':
		case 'TSInstantiationExpression':
			calleeSegments(node.expression as EsNode, out);
			return;
		default:
			out.push({ name: '?', start: nodeStart(node) });
	}
}

/** The offset of the first matched segment when `segments` ends with `name` (at a segment boundary). */
function suffixMatch(segments: readonly Segment[], name: CallName): number | null {
	if (name.length > segments.length) {
		return null;
	}
	const from = segments.length - name.length;
	for (let i = 0; i < name.length; i++) {
		if (segments[from + i].name !== name[i]) {
			return null;
		}
	}
	return segments[from].start;
}

/** Calls (`CallExpression`, `NewExpression`) of an ESTree whose callee ends with one of `names`. */
export function estreeCalls(root: EsNode, names: readonly CallName[]): CallMatch[] {
	const out: CallMatch[] = [];
	const stack: unknown[] = [root];
	while (stack.length > 0) {
		const item = stack.pop();
		if (Array.isArray(item)) {
			for (const child of item) {
				stack.push(child);
			}
			continue;
		}
		if (typeof item !== 'object' || item === null || typeof (item as EsNode).type !== 'string') {
			continue;
		}
		const node = item as EsNode;
		if (node.type === 'CallExpression' || node.type === 'NewExpression') {
			const segments: Segment[] = [];
			calleeSegments(node.callee as EsNode, segments);
			for (const name of names) {
				const offset = suffixMatch(segments, name);
				if (offset !== null) {
					out.push({ offset, name: name.join('.') });
					break;
				}
			}
		}
		for (const key of Object.keys(node)) {
			if (key !== 'parent' && key !== 'range' && key !== 'loc' && key !== 'start' && key !== 'end') {
				const child = node[key];
				if (typeof child === 'object' && child !== null) {
					stack.push(child);
				}
			}
		}
	}
	return out;
}
