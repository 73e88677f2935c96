/** How the tree-sitter rule engine reads Python and Go: their node tables. */
import type { TsNode } from '../../scope/treeSitterNames';
import { callOffset, callSite, type FileFacts, leadingString, nameSite, type NodeReader, type SiteLanguage, spaced } from './sites';

/** `import a.b as c`, `from a import b as c, d`, `from a import *` (relative imports name no library). */
function pythonImport(facts: FileFacts, module: string | null, names: string): void {
	if (module?.startsWith('.') === true) {
		return;
	}
	for (const part of names.replace(/[()]/g, '').split(',')) {
		const m = /^\s*([\w.]+|\*)(?:\s+as\s+(\w+))?\s*$/.exec(part);
		if (m === null) {
			continue;
		}
		const [, name, alias] = m;
		if (module === null) {
			const local = alias ?? name.split('.')[0];
			facts.bind(local, alias === undefined ? local : name);
		} else if (name === '*') {
			facts.wildcard(module);
		} else {
			facts.bind(alias ?? name, `${module}.${name}`);
		}
	}
}

const PY_IMPORT = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?import[ \t]+(\([^)]*\)|[^\n;#]*)/gm;

function pyImportNode(node: TsNode, facts: FileFacts): void {
	const text = node.text.replace(/\\\r?\n/g, ' ').replace(/#[^\n]*/g, '');
	PY_IMPORT.lastIndex = 0;
	const m = PY_IMPORT.exec(text);
	if (m !== null) {
		pythonImport(facts, m[1] ?? null, m[2]);
	}
}

/** `f(…)`, `a.b(…)`, `f(x).m(…)`; keyword arguments are writes (`verify=False`); `x = T(…)` and `x = getattr(mod, n)` type `x`. */
const pyCall: NodeReader = (node, facts) => {
	const fn = node.childForFieldName('function');
	const args = node.childForFieldName('arguments');
	if (fn === null || node.parent?.type === 'decorator') {
		return;
	}
	const attr = fn.type === 'attribute' ? fn.childForFieldName('attribute') : null;
	const member = attr?.text ?? fn.text;
	facts.add(callSite('call', callOffset(node, attr), attr === null ? null : fn.childForFieldName('object'), member, args));
	for (const arg of args?.namedChildren ?? []) {
		if (arg.type === 'keyword_argument') {
			facts.add({ kind: 'write', offset: arg.startIndex, receiver: null, member: arg.childForFieldName('name')?.text ?? '', args: arg.childForFieldName('value')?.text ?? '', arity: 0, key: null });
		}
	}
	const parent = node.parent;
	const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : null;
	if (left?.type === 'identifier') {
		if (fn.text === 'getattr') {
			// `hasher = getattr(hashlib, algorithm)`: a member of a module chosen at run time.
			facts.typed(left.text, `${args?.firstNamedChild?.text ?? ''}.getattr`);
		} else if (/^[A-Z]/.test(member)) {
			facts.typed(left.text, fn.text);
		} else {
			// `ctx = ssl.create_default_context()`: the result of a call, which records can name (`ssl.create_default_context().*`).
			facts.typed(left.text, `${fn.text}()`);
		}
	}
};

const pyDecorator: NodeReader = (node, facts) => {
	const expr = node.firstNamedChild;
	const target = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
	if (target !== null && target !== undefined) {
		facts.add(nameSite('decorator', node.startIndex, target.text, expr?.type === 'call' ? expr.childForFieldName('arguments') : null));
	}
};

/** `x.y = v`, `name = v`: a write of the last name. */
const pyAssignment: NodeReader = (node, facts) => {
	const left = node.childForFieldName('left');
	const right = node.childForFieldName('right');
	if (left !== null && right !== null && (left.type === 'identifier' || left.type === 'attribute')) {
		const site = nameSite('write', node.startIndex, left.text);
		facts.add({ ...site, args: right.text.slice(0, 400) });
	}
};

/** `a.b` read (not called, not written); `os.environ["X"]` with its key. */
const pyAttribute: NodeReader = (node, facts) => {
	const parent = node.parent;
	if (parent?.type === 'attribute' || (parent?.type === 'call' && parent.childForFieldName('function')?.id === node.id)
		|| (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) || parent?.type === 'decorator') {
		return;
	}
	facts.add(nameSite('reference', node.startIndex, node.text));
};

const pySubscript: NodeReader = (node, facts) => {
	const value = node.childForFieldName('value');
	const key = node.childForFieldName('subscript');
	if (value !== null && (value.type === 'attribute' || value.type === 'identifier')) {
		facts.add({ ...nameSite('reference', node.startIndex, value.text), key: key?.type === 'string' ? leadingString(key.text) : null });
	}
};

const pyDefinition: NodeReader = (node, facts) => {
	const params = node.childForFieldName('parameters')?.namedChildren.filter((p) => p.text !== 'self' && p.text !== 'cls').length ?? 0;
	facts.add({ kind: 'define', offset: node.startIndex, receiver: null, member: node.childForFieldName('name')?.text ?? '', args: spaced(node.childForFieldName('body')?.text ?? ''), arity: params, key: null });
};

export const PYTHON: SiteLanguage = {
	nodes: {
		import_statement: pyImportNode, import_from_statement: pyImportNode, call: pyCall, decorator: pyDecorator, assignment: pyAssignment,
		attribute: pyAttribute, subscript: pySubscript, function_definition: pyDefinition,
	},
	lexImports: (code, facts) => {
		for (const m of code.matchAll(PY_IMPORT)) {
			pythonImport(facts, m[1] ?? null, m[2]);
		}
	},
	qualified: false,
	implicit: [],
};

/** The package name an import path binds by default: `…/jwt/v5` → `jwt`, `…/jwt-go` → `jwt`, `gopkg.in/yaml.v2` → `yaml`. */
function goPackageName(path: string): string {
	const parts = path.split('/');
	let last = parts[parts.length - 1];
	if (/^v\d+$/.test(last) && parts.length > 1) {
		last = parts[parts.length - 2];
	}
	return last.replace(/^go-|-go$|\.v\d+$/g, '').replace(/\W/g, '_');
}

function goImport(facts: FileFacts, name: string | undefined, rawPath: string): void {
	const path = rawPath.replace(/\/v\d+$/, '');
	if (name === '.') {
		facts.wildcard(path);
	} else if (name !== '_') {
		facts.bind(name ?? goPackageName(rawPath), path);
	}
}

const goCall: NodeReader = (node, facts) => {
	const fn = node.childForFieldName('function');
	if (fn === null) {
		return;
	}
	const field = fn.type === 'selector_expression' ? fn.childForFieldName('field') : null;
	const args = node.childForFieldName('arguments');
	// `new(tls.Config)`: a use of the type, as `&tls.Config{}` is.
	const made = fn.text === 'new' && args?.namedChildCount === 1 ? args.namedChild(0)?.text ?? '' : '';
	if (/^\w+\.\w+$/.test(made)) {
		facts.add(nameSite('reference', node.startIndex, made));
	}
	facts.add(callSite('call', callOffset(node, field), field === null ? null : fn.childForFieldName('operand'), field?.text ?? fn.text, args));
	// A package's value handed to a call of another package (`io.ReadFull(rand.Reader, key)`): a use of it.
	const callee = field === null ? null : fn.childForFieldName('operand')?.text;
	for (const arg of args?.namedChildren ?? []) {
		const pkg = arg.type === 'selector_expression' ? arg.childForFieldName('operand')?.text ?? '' : '';
		if (pkg !== '' && pkg !== callee && facts.aliases.has(pkg)) {
			facts.add(nameSite('reference', arg.startIndex, arg.text));
		}
	}
};

/** `tls.Config{…}`: a use of the type (a struct value, not a constructor call). */
const goLiteral: NodeReader = (node, facts) => {
	const type = node.childForFieldName('type');
	if (type !== null && (type.type === 'qualified_type' || type.type === 'type_identifier')) {
		facts.add(nameSite('reference', node.startIndex, type.text, node.childForFieldName('body')));
	}
};

/** `InsecureSkipVerify: true` in a literal; `x.InsecureSkipVerify = true`. */
const goKeyed: NodeReader = (node, facts) => {
	const key = node.firstNamedChild;
	const value = node.lastNamedChild;
	if (key !== null && value !== null && key.id !== value.id && /^[\w.]+$/.test(key.text)) {
		facts.add({ ...nameSite('write', node.startIndex, key.text), args: value.text.slice(0, 400) });
	}
};

const goAssignment: NodeReader = (node, facts) => {
	const left = node.childForFieldName('left');
	const right = node.childForFieldName('right');
	if (left?.namedChildCount === 1 && right !== null && /^[\w.]+$/.test(left.text)) {
		facts.add({ ...nameSite('write', node.startIndex, left.text), args: right.text.slice(0, 400) });
	}
};

/** `Hash crypto.Hash` in a struct: a field's type (Go's variables are not typed here: their scopes are not tracked). */
const goField: NodeReader = (node, facts) => {
	const type = node.childForFieldName('type');
	for (const name of type === null ? [] : node.namedChildren.filter((c) => c.type === 'field_identifier')) {
		facts.typed(name.text, type?.text ?? '', facts.fields);
	}
};

const goFunction: NodeReader = (node, facts) => {
	const params = node.childForFieldName('parameters')?.namedChildCount ?? 0;
	facts.add({ kind: 'define', offset: node.startIndex, receiver: null, member: node.childForFieldName('name')?.text ?? '', args: spaced(node.childForFieldName('body')?.text ?? ''), arity: params, key: null });
};

const GO_IMPORT = /^[ \t]*(?:import[ \t]+\(?[ \t]*)?(\w+|\.)?[ \t]*"([\w.\-/]+)"[ \t]*\)?[ \t]*$/gm;

export const GO: SiteLanguage = {
	nodes: {
		import_spec: (node, facts) => {
			const path = node.childForFieldName('path')?.text.slice(1, -1);
			if (path !== undefined) {
				goImport(facts, node.childForFieldName('name')?.text, path);
			}
		},
		call_expression: goCall, composite_literal: goLiteral, keyed_element: goKeyed, assignment_statement: goAssignment,
		field_declaration: goField, function_declaration: goFunction, method_declaration: goFunction,
	},
	lexImports: (code, facts) => {
		for (const m of code.matchAll(GO_IMPORT)) {
			goImport(facts, m[1], m[2]);
		}
	},
	qualified: false,
	implicit: [],
	versionedPaths: true,
};
