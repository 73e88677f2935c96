import type Parser from 'web-tree-sitter';

/** A tree-sitter syntax node. */
export type TsNode = Parser.SyntaxNode;

/** Extracts the (unqualified) name a node declares, or null. */
export type Namer = (node: TsNode) => string | null;

/** Node types that hold a plain name. */
const IDENTIFIERS = new Set([
	'identifier',
	'type_identifier',
	'simple_identifier',
	'field_identifier',
	'property_identifier',
	'constant',
	'name',
	'word',
	'variable_name',
	'namespace_identifier',
	'bound_identifier',
	'destructor_name',
	'operator_name',
	'qualified_identifier',
	'scoped_identifier',
	'scoped_type_identifier',
	'qualified_name',
	'user_type',
	'dotted_name',
	'package_identifier',
]);

/** Values that make a named statement a declaration: `handler = lambda …`, `f := func() {…}`. */
const FUNCTION_VALUES = new Set([
	'lambda',
	'lambda_expression',
	'lambda_literal',
	'func_literal',
	'closure_expression',
	'anonymous_function',
	'anonymous_function_creation_expression',
	'function_definition',
	'function_expression',
	'arrow_function',
]);

/** `Foo<T>::bar` → `Foo.bar`, `M:login` → `M.login`, `$key` → `key`. */
export function cleanName(text: string): string | null {
	let name = text.replace(/\s+/g, '');
	for (let previous = ''; previous !== name; ) {
		previous = name;
		name = name.replace(/<[^<>]*>|\[[^[\]]*\]/g, '');
	}
	name = name.replace(/::|->|:/g, '.').replace(/^[$@&*]+/, '').replace(/^\.+|\.+$/g, '');
	return name.length > 0 && name.length <= 200 ? name : null;
}

/** The first descendant (breadth first, at most `depth` levels down) whose type is in `types`. */
export function find(node: TsNode | null, types: ReadonlySet<string> | readonly string[], depth = 3): TsNode | null {
	if (node === null) {
		return null;
	}
	const wanted = Array.isArray(types) ? new Set(types) : (types as ReadonlySet<string>);
	let level: TsNode[] = [node];
	for (let d = 0; d < depth && level.length > 0; d++) {
		const next: TsNode[] = [];
		for (const n of level) {
			for (const child of n.namedChildren) {
				if (wanted.has(child.type)) {
					return child;
				}
				next.push(child);
			}
		}
		level = next;
	}
	return null;
}

/** Text of the first identifier-like node at or under `node`, cleaned. */
export function identifierText(node: TsNode | null): string | null {
	if (node === null) {
		return null;
	}
	if (IDENTIFIERS.has(node.type)) {
		return cleanName(node.text);
	}
	const id = find(node, IDENTIFIERS, 3);
	return id === null ? null : cleanName(id.text);
}

/** The `name` field, else the first identifier-like child. */
export const byName: Namer = (node) => {
	const field = node.childForFieldName('name');
	if (field !== null) {
		return identifierText(field);
	}
	const id = node.namedChildren.find((child) => IDENTIFIERS.has(child.type));
	return id === undefined ? null : cleanName(id.text);
};

/** Always the same name (`init`, `constructor`). */
export function fixed(name: string): Namer {
	return () => name;
}

/** Follows `fields` (each optional) and names what it reaches. */
export function viaFields(...fields: string[]): Namer {
	return (node) => {
		let current: TsNode = node;
		for (const field of fields) {
			current = current.childForFieldName(field) ?? current;
		}
		return identifierText(current === node ? byNameNode(node) : current);
	};
}

function byNameNode(node: TsNode): TsNode | null {
	return node.childForFieldName('name') ?? node.namedChildren.find((child) => IDENTIFIERS.has(child.type)) ?? null;
}

/** Names the first descendant of one of `types` (by its own name, else its identifier). */
export function viaChild(types: readonly string[], depth = 3): Namer {
	return (node) => {
		const child = find(node, types, depth);
		return child === null ? null : (byName(child) ?? identifierText(child));
	};
}

/** C and C++: follows the `declarator` chain (`*f(void)`, `Server::login`) to the declared name. */
export const declaratorName: Namer = (node) => {
	let current: TsNode | null = node.childForFieldName('declarator');
	for (let i = 0; current !== null && i < 8; i++) {
		if (IDENTIFIERS.has(current.type)) {
			return cleanName(current.text);
		}
		current = current.childForFieldName('declarator') ?? current.namedChildren.find((c) => IDENTIFIERS.has(c.type)) ?? null;
	}
	return null;
};

/** True when the value a named statement binds is a function (`f := func() {…}`). */
export function bindsFunction(node: TsNode): boolean {
	let current: TsNode | null = node;
	for (let depth = 0; current !== null && depth < 4; depth++) {
		if (depth > 0 && FUNCTION_VALUES.has(current.type)) {
			return true;
		}
		if (/call|argument|invocation/.test(current.type)) {
			return false;
		}
		current = current.childForFieldName('value') ?? current.childForFieldName('right') ?? current.lastNamedChild;
	}
	return false;
}
