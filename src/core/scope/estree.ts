import { nodeEnd, nodeStart, type EsNode } from '../parse/estree';
import type { NodeInfo, SyntaxView } from './tree';

const STATEMENT_LISTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'TSModuleBlock', 'ClassBody', 'TSInterfaceBody']);
const SINGLE_BODIES = new Set([
	'IfStatement',
	'ForStatement',
	'ForInStatement',
	'ForOfStatement',
	'WhileStatement',
	'DoWhileStatement',
	'LabeledStatement',
	'WithStatement',
]);
const BLOCKS = new Set([...STATEMENT_LISTS, 'SwitchCase', 'ObjectExpression', 'TSEnumBody', 'TSEnumDeclaration']);
const FUNCTIONS = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression', 'FunctionDeclaration', 'ClassDeclaration']);
const WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ParenthesizedExpression']);
/** Calls that only wrap a component or handler: `memo(() => …)` is still a named function. */
const WRAPPING_CALLS = /^(?:React\.)?(?:memo|forwardRef|observer)$/;
/** Member-chain parts that carry no meaning in a symbol: `module.exports.x` is `x`. */
const SILENT_MEMBERS = new Set(['module', 'exports', 'prototype', 'this']);
const NAMED_DECLARATIONS = new Set([
	'FunctionDeclaration',
	'TSDeclareFunction',
	'ClassDeclaration',
	'TSInterfaceDeclaration',
	'TSEnumDeclaration',
	'TSTypeAliasDeclaration',
	'TSModuleDeclaration',
]);
const MEMBERS = new Set([
	'MethodDefinition',
	'TSAbstractMethodDefinition',
	'PropertyDefinition',
	'TSAbstractPropertyDefinition',
	'AccessorProperty',
	'TSAbstractAccessorProperty',
	'TSPropertySignature',
	'TSMethodSignature',
	'TSIndexSignature',
]);

/** {@link SyntaxView} over a TypeScript-ESTree program. */
export class EstreeView implements SyntaxView<EsNode> {
	constructor(private readonly root: EsNode) {}

	pathAt(offset: number): EsNode[] {
		const path = [this.root];
		for (let node: EsNode | undefined = this.root; node !== undefined; ) {
			node = childContaining(node, offset, (n) => this.startOf(n));
			if (node !== undefined) {
				path.push(node);
			}
		}
		return path;
	}

	startOf(node: EsNode): number {
		let start = nodeStart(node);
		for (const holder of [node, node.declaration as EsNode | undefined]) {
			const decorators = holder?.decorators as EsNode[] | undefined;
			if (decorators !== undefined && decorators.length > 0) {
				start = Math.min(start, nodeStart(decorators[0]));
			}
		}
		return start;
	}

	endOf(node: EsNode): number {
		return nodeEnd(node);
	}

	isStatement(node: EsNode, parent: EsNode): boolean {
		if (STATEMENT_LISTS.has(parent.type)) {
			return true;
		}
		switch (parent.type) {
			case 'SwitchCase':
				return node !== parent.test;
			case 'ObjectExpression':
				return node.type === 'Property';
			default:
				return (
					SINGLE_BODIES.has(parent.type) &&
					(node === parent.body || node === parent.consequent || node === parent.alternate) &&
					node.type !== 'BlockStatement' &&
					node.type !== 'IfStatement'
				);
		}
	}

	isBlock(node: EsNode): boolean {
		return BLOCKS.has(node.type);
	}

	info(node: EsNode): NodeInfo {
		return describe(node);
	}

	isDubious(): boolean {
		return false;
	}

	target(node: EsNode): EsNode {
		return node;
	}
}

/** The child of `node` whose range (widened by `startOf`) contains `offset`. */
function childContaining(node: EsNode, offset: number, startOf: (n: EsNode) => number): EsNode | undefined {
	const contains = (child: unknown): child is EsNode => isNode(child) && startOf(child) <= offset && offset < nodeEnd(child);
	for (const key in node) {
		if (key === 'parent' || key === 'loc' || key === 'range' || key === 'start' || key === 'end') {
			continue;
		}
		const value = node[key];
		if (!Array.isArray(value)) {
			if (contains(value)) {
				return value;
			}
			continue;
		}
		// Node lists are in source order: binary search the long ones (a module's statements).
		const list = value as unknown[];
		let lo = 0;
		let hi = list.length - 1;
		while (hi - lo > 8) {
			const mid = (lo + hi) >> 1;
			const child = list[mid];
			if (isNode(child) && startOf(child) > offset) {
				hi = mid - 1;
			} else {
				lo = mid;
			}
		}
		for (let k = lo; k <= hi; k++) {
			if (contains(list[k])) {
				return list[k] as EsNode;
			}
		}
	}
	return undefined;
}

function isNode(value: unknown): value is EsNode {
	return typeof value === 'object' && value !== null && typeof (value as EsNode).type === 'string' && (Array.isArray((value as EsNode).range) || typeof (value as EsNode).start === 'number');
}

const PLAIN: NodeInfo = { decl: false, name: null, qualifies: true };

/** Declaration-ness and declared name of a statement-level node. */
function describe(node: EsNode): NodeInfo {
	if (NAMED_DECLARATIONS.has(node.type)) {
		return { decl: true, name: idName(node.id), qualifies: true };
	}
	if (MEMBERS.has(node.type)) {
		return { decl: true, name: keyName(node), qualifies: true };
	}
	switch (node.type) {
		case 'ExportNamedDeclaration':
			return isNode(node.declaration) ? describe(node.declaration) : PLAIN;
		case 'ExportDefaultDeclaration':
			return describeDefault(node.declaration as EsNode);
		case 'VariableDeclaration':
			return describeVariables(node);
		case 'ExpressionStatement':
			return describeAssignment(node.expression as EsNode);
		case 'Property':
			return { decl: node.method === true || isFunction(node.value as EsNode), name: keyName(node), qualifies: true };
		default:
			return PLAIN;
	}
}

function describeDefault(declaration: EsNode): NodeInfo {
	if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
		return { decl: true, name: idName(declaration.id) ?? 'default', qualifies: true };
	}
	return { decl: isFunction(declaration), name: 'default', qualifies: true };
}

function describeVariables(node: EsNode): NodeInfo {
	const declarators = node.declarations as EsNode[];
	const first = declarators[0];
	return {
		decl: declarators.some((d) => isFunction(d.init as EsNode | null)),
		name: first === undefined ? null : idName(first.id),
		qualifies: true,
	};
}

/** `module.exports.login = function …`, `Foo.prototype.bar = …`, `exports.x = …`. */
function describeAssignment(expression: EsNode): NodeInfo {
	if (expression.type !== 'AssignmentExpression') {
		return PLAIN;
	}
	const right = expression.right as EsNode;
	const chain = memberChain(expression.left as EsNode);
	const parts = chain?.filter((part) => !SILENT_MEMBERS.has(part)) ?? [];
	const ownName = (right.type === 'FunctionExpression' || right.type === 'ClassExpression') ? idName(right.id) : null;
	const name = parts.length > 0 ? parts.join('.') : ownName;
	return { decl: isFunction(right), name, qualifies: true };
}

/** `a.b.c` → `['a', 'b', 'c']`; null when the chain holds a computed or call part. */
function memberChain(node: EsNode): string[] | null {
	if (node.type === 'Identifier') {
		return [node.name as string];
	}
	if (node.type === 'ThisExpression') {
		return ['this'];
	}
	if (node.type === 'MemberExpression' && node.computed !== true) {
		const object = memberChain(node.object as EsNode);
		const property = idName(node.property);
		return object === null || property === null ? null : [...object, property];
	}
	return null;
}

/** True for a function or class value, looking through type assertions and `memo(…)`-style wrappers. */
function isFunction(node: EsNode | null | undefined): boolean {
	let value = node;
	while (value !== null && value !== undefined) {
		if (FUNCTIONS.has(value.type)) {
			return true;
		}
		if (WRAPPERS.has(value.type)) {
			value = value.expression as EsNode;
		} else if (value.type === 'CallExpression' && WRAPPING_CALLS.test(memberChain(value.callee as EsNode)?.join('.') ?? '')) {
			value = (value.arguments as EsNode[])[0];
		} else {
			return false;
		}
	}
	return false;
}

function idName(node: unknown): string | null {
	if (!isNode(node)) {
		return null;
	}
	if (node.type === 'Identifier' || node.type === 'PrivateIdentifier') {
		return node.name as string;
	}
	if (node.type === 'Literal') {
		return String(node.value);
	}
	if (node.type === 'TSQualifiedName') {
		const left = idName(node.left);
		const right = idName(node.right);
		return left === null || right === null ? null : `${left}.${right}`;
	}
	return null;
}

function keyName(node: EsNode): string | null {
	return node.computed === true && (node.key as EsNode | undefined)?.type !== 'Literal' ? null : idName(node.key);
}
