import type { EsNode } from '../../parse/estree';

export type { EsNode };

/** A call, `new` or decorator call as the records see it, its callee resolved through imports and aliases. */
export interface EsCall {
	readonly node: EsNode;
	readonly isNew: boolean;
	/** The callee resolved to `module.export…` (e.g. `crypto.createHash`), or null when unknown or local. */
	readonly qname: string | null;
	/** The callee's names as written (`['this', 'auditLog', 'info']`); null when it is not a plain chain. */
	readonly chain: readonly string[] | null;
	readonly args: readonly EsNode[];
	/** True for the call of a decorator (`@Roles('admin')`). */
	readonly decorator: boolean;
	/** Modules the file imports or requires, normalised (`node:crypto` → `crypto`). */
	readonly imports: ReadonlySet<string>;
}

/** True for an ESTree node. */
export function isNode(value: unknown): value is EsNode {
	return typeof value === 'object' && value !== null && typeof (value as EsNode).type === 'string';
}

/** The value of a string literal or of a template literal without expressions. */
export function stringValue(node: EsNode | null | undefined): string | null {
	if (node === null || node === undefined) {
		return null;
	}
	if (node.type === 'Literal' && typeof node.value === 'string') {
		return node.value;
	}
	if (node.type === 'TemplateLiteral' && (node.expressions as EsNode[]).length === 0) {
		const quasis = node.quasis as EsNode[];
		return (quasis[0]?.value as { cooked?: string } | undefined)?.cooked ?? null;
	}
	return null;
}

/** The literal text a string or template literal carries (template expressions left out). */
export function literalText(node: EsNode | null | undefined): string | null {
	if (node?.type === 'TemplateLiteral') {
		return (node.quasis as EsNode[]).map((q) => (q.value as { cooked?: string }).cooked ?? '').join(' ');
	}
	return stringValue(node);
}

/** The name of a property key or member property: identifiers and string literals (not computed expressions). */
export function keyName(key: EsNode | null | undefined, computed: boolean): string | null {
	if (key === null || key === undefined) {
		return null;
	}
	if (!computed && (key.type === 'Identifier' || key.type === 'PrivateIdentifier')) {
		return key.name as string;
	}
	return stringValue(key);
}

/** The key of a `Property` node. */
export function propertyName(prop: EsNode): string | null {
	return prop.type === 'Property' ? keyName(prop.key as EsNode, prop.computed === true) : null;
}






/** The last `n` names of a chain joined with dots (`['this', 'a', 'b']`, 2 → `a.b`). */
export function tail(chain: readonly string[] | null, n: number): string {
	return chain === null ? '' : chain.slice(-n).join('.');
}
