/**
 * The records of one file's languages, compiled for the ESTree walk: each walk event (call,
 * reference, write, comparison) is tried against the records of its kind, in record order; the
 * first record of a category wins at a node (one finding per site and category).
 */
import type { ApiMatch, EqualsMatch, MethodMatch, OptionMatch, RuleRecord } from '../model';
import { keyName, literalText, stringValue, tail, type EsCall, type EsNode } from './ast';
import { apiTest, globTest, importsPass, methodTest, type ApiTest, type MethodTest } from './predicates';
import type { Visitor } from './walker';
import { nodeEnd, nodeStart } from '../../parse/estree';

/** A finding of the walk, before positions are computed. */
export interface TreeHit {
	readonly offset: number;
	readonly api: string;
	readonly record: RuleRecord;
}

type Check<E> = (event: E, text: string) => string | null;
interface Compiled<E> {
	readonly record: RuleRecord;
	readonly check: Check<E>;
}

/** The code of a call's arguments. */
function argsText(site: EsCall, text: string): string {
	const first = site.args[0];
	const last = site.args[site.args.length - 1];
	return first === undefined ? '' : text.slice(nodeStart(first), nodeEnd(last));
}

/** What a call's first argument names: its string value, or its code (`privateKeyPath`, `path.join(dir, 'server.key')`). */
function firstArg(site: EsCall, text: string): string {
	const first = site.args[0];
	return first === undefined ? '' : (stringValue(first) ?? text.slice(nodeStart(first), nodeEnd(first)));
}

function apiCall(m: ApiMatch, t: ApiTest): Check<EsCall> {
	return (site, text) => {
		const q = site.qname;
		if (q === null || !t.name(q) || (m.use === 'new' && !site.isNew) || (m.use === 'decorator' && !site.decorator)) {
			return null;
		}
		if ((t.args !== null && !t.args.test(argsText(site, text))) || (t.key !== null && !t.key(firstArg(site, text)))) {
			return null;
		}
		// A pseudo-module (`$audit-logger`) is not written in code: the finding shows the call as written.
		return q.startsWith('$') && site.chain !== null ? tail(site.chain, 2) : q;
	};
}

function apiReference(t: ApiTest): Check<{ qname: string }> {
	return ({ qname }) => (t.name(qname) && (t.key === null || t.key(qname.slice(qname.lastIndexOf('.') + 1))) ? qname : null);
}

/** The literal text of a log message, concatenations included (`'Login failed for ' + user`). */
function messageText(node: EsNode | undefined): string | null {
	if (node?.type === 'BinaryExpression' && node.operator === '+') {
		const parts = [messageText(node.left as EsNode), messageText(node.right as EsNode)].filter((p) => p !== null);
		return parts.length === 0 ? null : parts.join(' ');
	}
	return literalText(node);
}

function methodCall(m: MethodMatch, t: MethodTest): Check<EsCall> {
	return (site, text) => {
		const chain = site.chain;
		const name = chain === null ? null : chain[chain.length - 1];
		if (name === null || chain === null || !t.name(name) || (m.use === 'decorator' && !site.decorator)) {
			return null;
		}
		if ((t.receiver !== null && !t.receiver.test(chain.length > 1 ? chain[chain.length - 2] : '')) || !importsPass(m, t, site.imports)) {
			return null;
		}
		if (t.args !== null && !t.args.test(argsText(site, text))) {
			return null;
		}
		const message = t.message === null ? null : (messageText(site.args[0]) ?? messageText(site.args[1]));
		if (t.message !== null && (message === null || !t.message(message))) {
			return null;
		}
		return m.use === 'decorator' ? `@${name}` : tail(chain, 2);
	};
}

/** A written property: its key, value and what the left side of an assignment resolves to. */
export interface WriteEvent {
	readonly key: string;
	readonly value: EsNode;
	readonly leftName: string | null;
}

function optionWrite(m: OptionMatch): Check<WriteEvent> {
	const keys = new Set(m.keys);
	const value = m.value === null ? null : new RegExp(m.value, 'i');
	return (w, text) => (keys.has(w.key) && (value === null || value.test(text.slice(nodeStart(w.value), nodeEnd(w.value)).trim())) ? (w.leftName ?? w.key) : null);
}

function equalsCompare(m: EqualsMatch): Check<EsNode> {
	const keys = globTest(m.keys);
	return (node) => {
		const left = node.left as EsNode;
		const right = node.right as EsNode;
		const member = left.type === 'MemberExpression' ? left : right.type === 'MemberExpression' ? right : null;
		const literal = member === left ? right : left;
		const field = member === null || stringValue(literal) === null ? null : keyName(member.property as EsNode, member.computed === true);
		return field !== null && keys(field) ? `.${field}` : null;
	};
}

/** Records by the walk event they are tried on. */
export class TreeRecords {
	readonly calls: Compiled<EsCall>[] = [];
	readonly references: Compiled<{ qname: string }>[] = [];
	readonly writes: Compiled<WriteEvent>[] = [];
	readonly compares: Compiled<EsNode>[] = [];

	constructor(records: readonly RuleRecord[]) {
		for (const record of records) {
			const m = record.match;
			if (m.kind === 'api') {
				const t = apiTest(m);
				if (m.use === 'reference') {
					this.references.push({ record, check: apiReference(t) });
				} else {
					this.calls.push({ record, check: apiCall(m, t) });
				}
			} else if (m.kind === 'method') {
				this.calls.push({ record, check: methodCall(m, methodTest(m)) });
			} else if (m.kind === 'option') {
				this.writes.push({ record, check: optionWrite(m) });
			} else if (m.kind === 'equals') {
				this.compares.push({ record, check: equalsCompare(m) });
			}
		}
	}

	/** True for the kinds tried on the tree (others run lexically). */
	static onTree(record: RuleRecord): boolean {
		return ['api', 'method', 'option', 'equals'].includes(record.match.kind);
	}

	/** A visitor collecting the hits of the `selected` records (null: all) in one file (`text`: its source, for argument and value code). */
	visitor(text: string, hits: TreeHit[], selected: ReadonlySet<RuleRecord> | null): Visitor {
		const seen = new Set<string>();
		const only = <E>(list: readonly Compiled<E>[]): readonly Compiled<E>[] => (selected === null ? list : list.filter((c) => selected.has(c.record)));
		const [calls, references, writes, compares] = [only(this.calls), only(this.references), only(this.writes), only(this.compares)];
		const run = <E>(list: readonly Compiled<E>[], event: E, node: EsNode): void => {
			for (const { record, check } of list) {
				const api = check(event, text);
				const key = api === null ? '' : `${nodeStart(node)}:${record.category}`;
				if (api !== null && !seen.has(key)) {
					seen.add(key);
					hits.push({ offset: nodeStart(node), api, record });
				}
			}
		};
		return {
			call: (site) => run(calls, site, site.node),
			reference: (node, qname) => run(references, { qname }, node),
			write: (node, key, value, leftName) => run(writes, { key, value, leftName }, node),
			compare: (node) => run(compares, node, node),
		};
	}
}

