/** How the tree-sitter rule engine reads Java, Kotlin and C#: their node tables. */
import type { TsNode } from '../../scope/treeSitterNames';
import { callOffset, callSite, type FileFacts, nameSite, type NodeReader, type SiteLanguage, spaced } from './sites';

/** `import a.b.C`, `import a.b.*`, `import static a.b.C.m`, Kotlin `import a.b.C as D`. */
function jvmImport(facts: FileFacts, name: string, alias: string | undefined): void {
	const clean = name.replace(/\s+/g, '');
	if (clean.endsWith('.*')) {
		facts.wildcard(clean.slice(0, -2));
	} else {
		facts.bind(alias ?? clean.slice(clean.lastIndexOf('.') + 1), clean);
	}
}

const JVM_IMPORT = /^[ \t]*import[ \t]+(?:static[ \t]+)?([\w.]+(?:\.\*)?)(?:[ \t]+as[ \t]+(\w+))?/gm;

function jvmLexImports(code: string, facts: FileFacts): void {
	for (const m of code.matchAll(JVM_IMPORT)) {
		jvmImport(facts, m[1], m[2]);
	}
}

/**
 * Where a declaration is reported: at its name, not at the annotations or attributes before it (`@Override` above
 * `public boolean verify(…)`, `@Contract(…)` above `public class X implements HostnameVerifier`).
 */
function declared(node: TsNode, name: TsNode | null | undefined): number {
	return name?.startIndex ?? node.startIndex;
}

/** A definition: its name, parameter count and body. */
function define(facts: FileFacts, node: TsNode, name: TsNode | null | undefined, arity: number, body: TsNode | null | undefined): void {
	facts.add({ kind: 'define', offset: declared(node, name), receiver: null, member: name?.text ?? '', args: spaced(body?.text ?? ''), arity, key: null });
}

/** `a = v`, `a.b += v`: a write of the last name. */
function write(facts: FileFacts, node: TsNode, left: TsNode | null | undefined, right: TsNode | null | undefined): void {
	if (left !== null && left !== undefined && right !== null && right !== undefined && /^[\w.]+$/.test(left.text.replace(/\s+/g, ''))) {
		facts.add({ ...nameSite('write', node.startIndex, left.text), args: right.text.slice(0, 400) });
	}
}

/** Each supertype named in `text` (`implements A, B<C>`, `: A(), B`) as an `extends` site at `offset`. */
function supertypes(facts: FileFacts, offset: number, text: string): void {
	for (const type of text.replace(/^\s*(?:implements|extends|:)\s+/, '').replace(/<[^<>]*>/g, '').split(',')) {
		const name = type.replace(/\(.*$/s, '').trim();
		if (/^[\w.]+$/.test(name)) {
			facts.add(nameSite('extends', offset, name));
		}
	}
}

/** `T x`, `T x = v`: `x` is typed `T`; with a value, the declaration is a use of `T` whose arguments are the value (`HostnameVerifier v = (h, s) -> true`). */
const javaTyped: NodeReader = (node, facts) => {
	const type = node.childForFieldName('type');
	const declarators = node.type === 'formal_parameter' ? [node] : node.namedChildren.filter((c) => c.type === 'variable_declarator');
	for (const d of type === null ? [] : declarators) {
		const name = d.childForFieldName('name');
		const value = node.type === 'formal_parameter' ? null : d.childForFieldName('value');
		if (name !== null && type !== null) {
			facts.typed(name.text, type.text);
		}
		if (value !== null && type !== null) {
			facts.add({ ...nameSite('reference', node.startIndex, type.text), args: value.text.slice(0, 400) });
		}
	}
};

export const JAVA: SiteLanguage = {
	nodes: {
		import_declaration: (node, facts) => {
			const name = node.namedChildren.find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
			if (name !== undefined) {
				jvmImport(facts, node.namedChildren.some((c) => c.type === 'asterisk') ? `${name.text}.*` : name.text, undefined);
			}
		},
		method_invocation: (node, facts) => {
			const name = node.childForFieldName('name');
			facts.add(callSite('call', callOffset(node, name), node.childForFieldName('object'), name?.text ?? '', node.childForFieldName('arguments')));
		},
		object_creation_expression: (node, facts) => {
			const type = node.childForFieldName('type');
			if (type !== null) {
				facts.add(nameSite('new', node.startIndex, type.text, node.childForFieldName('arguments')));
				if (node.namedChildren.some((c) => c.type === 'class_body')) {
					facts.add(nameSite('extends', node.startIndex, type.text));
				}
			}
		},
		class_declaration: (node, facts) => {
			const at = declared(node, node.childForFieldName('name'));
			supertypes(facts, at, node.childForFieldName('superclass')?.text ?? '');
			supertypes(facts, at, node.childForFieldName('interfaces')?.text ?? '');
		},
		method_declaration: (node, facts) => define(facts, node, node.childForFieldName('name'), paramCount(node), node.childForFieldName('body')),
		constructor_declaration: (node, facts) => define(facts, node, node.childForFieldName('name'), paramCount(node), node.childForFieldName('body')),
		annotation: (node, facts) => facts.add(nameSite('decorator', node.startIndex, node.childForFieldName('name')?.text ?? '', node.childForFieldName('arguments'))),
		marker_annotation: (node, facts) => facts.add(nameSite('decorator', node.startIndex, node.childForFieldName('name')?.text ?? '')),
		local_variable_declaration: javaTyped, field_declaration: javaTyped, formal_parameter: javaTyped,
		assignment_expression: (node, facts) => write(facts, node, node.childForFieldName('left'), node.childForFieldName('right')),
		field_access: (node, facts) => {
			if (node.parent?.type !== 'field_access' && node.parent?.type !== 'assignment_expression') {
				facts.add(nameSite('reference', node.startIndex, node.text));
			}
		},
	},
	lexImports: jvmLexImports,
	qualified: true,
	implicit: ['java.lang'],
};

function paramCount(node: TsNode): number {
	return node.childForFieldName('parameters')?.namedChildren.filter((c) => c.type === 'formal_parameter' || c.type === 'spread_parameter').length ?? 0;
}

const child = (node: TsNode | null | undefined, type: string): TsNode | undefined => node?.namedChildren.find((c) => c.type === type);

/** `f(…)`, `a.b.f(…)`, `T(…)` (a constructor when capitalised). */
const ktCall: NodeReader = (node, facts) => {
	const callee = node.firstNamedChild;
	const args = child(child(node, 'call_suffix'), 'value_arguments');
	if (callee === null) {
		return;
	}
	const suffix = callee.type === 'navigation_expression' ? child(callee, 'navigation_suffix') : undefined;
	const member = suffix?.lastNamedChild?.text ?? callee.text;
	const receiver = suffix === undefined ? null : callee.firstNamedChild;
	facts.add(callSite(/^[A-Z]/.test(member) ? 'new' : 'call', callOffset(node, suffix), receiver, member, args));
};

const ktTyped: NodeReader = (node, facts) => {
	const holder = node.type === 'property_declaration' ? child(node, 'variable_declaration') : node;
	const name = child(holder, 'simple_identifier')?.text;
	if (name === undefined) {
		return;
	}
	const declared = child(holder, 'user_type') ?? child(holder, 'nullable_type');
	const value = node.type === 'property_declaration' ? child(node, 'call_expression')?.firstNamedChild : undefined;
	const type = declared?.text ?? (value !== undefined && value !== null && /^[\w.]*[A-Z]\w*$/.test(value.text) ? value.text : undefined);
	if (type !== undefined) {
		facts.typed(name, type);
	}
};

const ktSupertypes: NodeReader = (node, facts) => {
	const at = declared(node, node.type === 'class_declaration' ? child(node, 'type_identifier') : null);
	for (const spec of node.namedChildren.filter((c) => c.type === 'delegation_specifier')) {
		supertypes(facts, at, spec.text);
	}
};

export const KOTLIN: SiteLanguage = {
	nodes: {
		import_header: (node, facts) => {
			const name = child(node, 'identifier');
			if (name !== undefined) {
				jvmImport(facts, /\.\s*\*\s*$/.test(node.text) ? `${name.text}.*` : name.text, child(node, 'import_alias')?.lastNamedChild?.text);
			}
		},
		call_expression: ktCall, class_declaration: ktSupertypes, object_literal: ktSupertypes,
		function_declaration: (node, facts) => define(facts, node, child(node, 'simple_identifier'), child(node, 'function_value_parameters')?.namedChildCount ?? 0, child(node, 'function_body')),
		annotation: (node, facts) => {
			const head = node.firstNamedChild;
			const type = head?.type === 'constructor_invocation' ? head.firstNamedChild : head;
			facts.add(nameSite('decorator', node.startIndex, type?.text ?? '', head?.type === 'constructor_invocation' ? child(head, 'value_arguments') : null));
		},
		property_declaration: ktTyped, parameter: ktTyped, class_parameter: ktTyped,
		assignment: (node, facts) => write(facts, node, child(node, 'directly_assignable_expression'), node.lastNamedChild),
	},
	lexImports: jvmLexImports,
	qualified: true,
	implicit: ['java.lang'],
	capitalisedNew: true,
};

const csTyped: NodeReader = (node, facts) => {
	const type = node.childForFieldName('type');
	const declarators = node.type === 'parameter' ? [node] : node.namedChildren.filter((c) => c.type === 'variable_declarator');
	for (const d of declarators) {
		const name = d.childForFieldName('name') ?? child(d, 'identifier');
		const created = type?.type === 'implicit_type' ? d.descendantsOfType('object_creation_expression')[0]?.childForFieldName('type') : type;
		if (name !== null && name !== undefined && created !== null && created !== undefined) {
			facts.typed(name.text, created.text);
		}
	}
};

const CS_USING = /^[ \t]*(?:global[ \t]+)?using[ \t]+(?:static[ \t]+)?(?:(\w+)[ \t]*=[ \t]*)?([\w.]+)[ \t]*;/gm;

function csUsing(facts: FileFacts, alias: string | undefined, name: string): void {
	if (alias === undefined) {
		facts.wildcard(name);
	} else {
		facts.bind(alias, name);
	}
}

/**
 * C#'s global usings live in other files (or the SDK's implicit ones), so a file's own usings are
 * not all it sees: the namespaces of the security APIs are assumed imported, as the SDK does for `System`.
 */
const CS_IMPLICIT = ['System', 'System.Security.Cryptography', 'System.IdentityModel.Tokens.Jwt', 'System.Net.Security', 'Microsoft.AspNetCore.Identity', 'Microsoft.AspNetCore.Authorization'];

export const CSHARP: SiteLanguage = {
	nodes: {
		using_directive: (node, facts) => {
			CS_USING.lastIndex = 0;
			const m = CS_USING.exec(`${node.text.trim().replace(/;?$/, '')};`);
			if (m !== null) {
				csUsing(facts, m[1], m[2]);
			}
		},
		invocation_expression: (node, facts) => {
			const fn = node.childForFieldName('function');
			const member = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : fn;
			facts.add(callSite('call', callOffset(node, member), fn?.type === 'member_access_expression' ? fn.childForFieldName('expression') : null, member?.text ?? '', node.childForFieldName('arguments')));
		},
		object_creation_expression: (node, facts) => facts.add(nameSite('new', node.startIndex, node.childForFieldName('type')?.text ?? '', node.childForFieldName('arguments'))),
		attribute: (node, facts) => facts.add(nameSite('decorator', node.startIndex, node.childForFieldName('name')?.text ?? '', child(node, 'attribute_argument_list'))),
		assignment_expression: (node, facts) => write(facts, node, node.childForFieldName('left'), node.childForFieldName('right')),
		variable_declaration: csTyped, parameter: csTyped,
		method_declaration: (node, facts) => define(facts, node, node.childForFieldName('name'), node.childForFieldName('parameters')?.namedChildCount ?? 0, node.childForFieldName('body')),
		class_declaration: (node, facts) => supertypes(facts, declared(node, node.childForFieldName('name')), child(node, 'base_list')?.text ?? ''),
	},
	lexImports: (code, facts) => {
		for (const m of code.matchAll(CS_USING)) {
			csUsing(facts, m[1], m[2]);
		}
	},
	qualified: true,
	implicit: CS_IMPLICIT,
	decoratorSuffix: 'Attribute',
};
