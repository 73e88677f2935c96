import { byName, cleanName, declaratorName, find, fixed, identifierText, type Namer, viaChild, viaFields } from './treeSitterNames';

/** How the scope resolver reads one tree-sitter grammar. */
export interface TsLanguage {
	/** Node types holding a list of statements or members (the root always counts as one). */
	readonly blocks: ReadonlySet<string>;
	/** Blocks that are statements too (a shell `if` holds its commands directly). */
	readonly compounds?: ReadonlySet<string>;
	/** Blocks whose children under a field (an `if` condition in shell, a `case` value) are not statements. */
	readonly fieldBlocks?: ReadonlySet<string>;
	/** Always declarations. */
	readonly decls: Readonly<Record<string, Namer>>;
	/** Declarations inside `memberBodies` (fields, properties); named statements elsewhere. */
	readonly members?: Readonly<Record<string, Namer>>;
	readonly memberBodies?: ReadonlySet<string>;
	/** Statements that declare a name (`x = …`, `let x = …`); declarations when they bind a function. */
	readonly named?: Readonly<Record<string, Namer>>;
	/** Nodes wrapping a declaration (`decorated_definition`): the field holding it, or `*` for the last named child. */
	readonly wrappers?: Readonly<Record<string, string>>;
	/** Sibling nodes that decorate the next item (Rust `#[derive]`). */
	readonly attributes?: ReadonlySet<string>;
	/** Named containers left out of qualified names (C#, C++ and PHP namespaces). */
	readonly namespaces?: ReadonlySet<string>;
	/** Blocks are delimited by indentation. */
	readonly indentation?: boolean;
}

const set = (...types: string[]): ReadonlySet<string> => new Set(types);

const ASSIGNMENTS = set('assignment', 'augmented_assignment', 'assignment_expression', 'operator_assignment');

/** `x = …` (the statement or its only expression): the assigned name; null for other statements. */
const leftName: Namer = (node) => {
	const target = ASSIGNMENTS.has(node.type) ? node : find(node, ASSIGNMENTS, 1);
	return target === null ? null : identifierText(target.childForFieldName('left') ?? target.firstNamedChild);
};

const firstIdentifier: Namer = (node) => identifierText(node.firstNamedChild);

/** Go `func (s *Server) Login()` → `Server.Login`. */
const goMethod: Namer = (node) => {
	const receiver = find(node.childForFieldName('receiver'), ['type_identifier'], 4);
	const name = byName(node);
	return receiver === null ? name : `${cleanName(receiver.text)}.${name ?? ''}`;
};

/** Lua `function M:login()` → `M.login`. */
const luaName: Namer = (node) => {
	const name = node.childForFieldName('name');
	return name === null ? null : cleanName(name.text);
};

const firstVariable: Namer = (node) => {
	const variable = find(node, ['variable'], 2);
	return variable === null ? null : cleanName(variable.text);
};

const PYTHON: TsLanguage = {
	blocks: set('module', 'block'),
	decls: { function_definition: byName, class_definition: byName },
	wrappers: { decorated_definition: 'definition' },
	named: { expression_statement: leftName },
	indentation: true,
};

const GO: TsLanguage = {
	blocks: set('source_file', 'block', 'field_declaration_list', 'expression_case', 'default_case', 'type_case', 'communication_case'),
	fieldBlocks: set('expression_case', 'type_case', 'communication_case'),
	decls: {
		function_declaration: byName,
		method_declaration: goMethod,
		type_declaration: viaChild(['type_spec', 'type_alias'], 1),
	},
	members: { field_declaration: byName },
	memberBodies: set('field_declaration_list'),
	named: {
		short_var_declaration: viaFields('left'),
		assignment_statement: viaFields('left'),
		var_declaration: viaChild(['var_spec'], 2),
		const_declaration: viaChild(['const_spec'], 2),
	},
};

const JAVA: TsLanguage = {
	blocks: set(
		'program',
		'block',
		'class_body',
		'interface_body',
		'enum_body',
		'enum_body_declarations',
		'constructor_body',
		'annotation_type_body',
		'switch_block_statement_group',
		'static_initializer',
	),
	decls: {
		class_declaration: byName,
		interface_declaration: byName,
		enum_declaration: byName,
		record_declaration: byName,
		annotation_type_declaration: byName,
		method_declaration: byName,
		constructor_declaration: byName,
		compact_constructor_declaration: byName,
		field_declaration: viaFields('declarator', 'name'),
		constant_declaration: viaFields('declarator', 'name'),
		annotation_type_element_declaration: byName,
	},
	named: { local_variable_declaration: viaFields('declarator', 'name') },
};

const CSHARP: TsLanguage = {
	blocks: set('compilation_unit', 'block', 'declaration_list', 'switch_section', 'global_statement'),
	decls: {
		class_declaration: byName,
		struct_declaration: byName,
		interface_declaration: byName,
		enum_declaration: byName,
		record_declaration: byName,
		record_struct_declaration: byName,
		method_declaration: byName,
		constructor_declaration: byName,
		destructor_declaration: byName,
		property_declaration: byName,
		indexer_declaration: fixed('this'),
		operator_declaration: fixed('operator'),
		event_declaration: byName,
		event_field_declaration: viaChild(['variable_declarator'], 3),
		field_declaration: viaChild(['variable_declarator'], 3),
		delegate_declaration: byName,
		local_function_statement: byName,
		namespace_declaration: byName,
		file_scoped_namespace_declaration: byName,
	},
	named: { local_declaration_statement: viaChild(['variable_declarator'], 3) },
	namespaces: set('namespace_declaration', 'file_scoped_namespace_declaration'),
};

const KOTLIN: TsLanguage = {
	blocks: set('source_file', 'statements', 'class_body', 'enum_class_body', 'control_structure_body'),
	decls: {
		class_declaration: byName,
		object_declaration: byName,
		function_declaration: byName,
		secondary_constructor: fixed('constructor'),
		companion_object: (node) => byName(node) ?? 'Companion',
		anonymous_initializer: fixed('init'),
		type_alias: byName,
	},
	members: { property_declaration: viaChild(['variable_declaration'], 2) },
	memberBodies: set('class_body', 'enum_class_body'),
	named: { property_declaration: viaChild(['variable_declaration'], 2), assignment: firstIdentifier },
};

const RUST: TsLanguage = {
	blocks: set('source_file', 'block', 'declaration_list', 'field_declaration_list'),
	decls: {
		function_item: byName,
		function_signature_item: byName,
		struct_item: byName,
		enum_item: byName,
		union_item: byName,
		trait_item: byName,
		impl_item: viaFields('type'),
		mod_item: byName,
		type_item: byName,
		macro_definition: byName,
	},
	members: { field_declaration: byName },
	memberBodies: set('field_declaration_list'),
	named: { let_declaration: viaFields('pattern'), const_item: byName, static_item: byName },
	attributes: set('attribute_item'),
};

const C_BLOCKS = [
	'translation_unit',
	'compound_statement',
	'field_declaration_list',
	'declaration_list',
	'case_statement',
	'preproc_if',
	'preproc_ifdef',
	'preproc_else',
	'preproc_elif',
];
const C_DECLS: Record<string, Namer> = {
	function_definition: declaratorName,
	struct_specifier: byName,
	union_specifier: byName,
	enum_specifier: byName,
	type_definition: declaratorName,
	preproc_function_def: byName,
};

const C: TsLanguage = {
	blocks: set(...C_BLOCKS),
	fieldBlocks: set('case_statement', 'preproc_if', 'preproc_ifdef', 'preproc_elif'),
	decls: C_DECLS,
	members: { field_declaration: declaratorName },
	memberBodies: set('field_declaration_list'),
	named: { declaration: declaratorName, preproc_def: byName },
};

const CPP: TsLanguage = {
	...C,
	decls: {
		...C_DECLS,
		class_specifier: byName,
		namespace_definition: byName,
		concept_definition: byName,
		alias_declaration: byName,
	},
	wrappers: { template_declaration: '*' },
	namespaces: set('namespace_definition'),
};

const SWIFT: TsLanguage = {
	blocks: set('source_file', 'statements', 'class_body', 'protocol_body', 'enum_class_body'),
	decls: {
		class_declaration: byName,
		protocol_declaration: byName,
		function_declaration: byName,
		protocol_function_declaration: byName,
		init_declaration: fixed('init'),
		deinit_declaration: fixed('deinit'),
		subscript_declaration: fixed('subscript'),
		typealias_declaration: byName,
		associatedtype_declaration: byName,
	},
	members: { property_declaration: viaFields('name'), protocol_property_declaration: viaFields('name') },
	memberBodies: set('class_body', 'protocol_body', 'enum_class_body'),
	named: { property_declaration: viaFields('name') },
};

const RUBY: TsLanguage = {
	blocks: set('program', 'body_statement', 'then', 'else', 'block_body', 'begin', 'ensure'),
	decls: {
		class: byName,
		module: byName,
		method: byName,
		singleton_method: byName,
		singleton_class: fixed('self'),
	},
	named: { assignment: leftName, operator_assignment: leftName },
};

const PHP: TsLanguage = {
	blocks: set('program', 'compound_statement', 'declaration_list', 'case_statement', 'default_statement', 'colon_block', 'enum_declaration_list'),
	fieldBlocks: set('case_statement'),
	decls: {
		class_declaration: byName,
		interface_declaration: byName,
		trait_declaration: byName,
		enum_declaration: byName,
		method_declaration: byName,
		function_definition: byName,
		property_declaration: viaChild(['property_element'], 1),
		const_declaration: viaChild(['const_element'], 1),
		namespace_definition: byName,
	},
	named: { expression_statement: leftName },
	namespaces: set('namespace_definition'),
};

const SCALA: TsLanguage = {
	blocks: set('compilation_unit', 'template_body', 'block', 'indented_block', 'case_block'),
	decls: {
		class_definition: byName,
		object_definition: byName,
		trait_definition: byName,
		enum_definition: byName,
		function_definition: byName,
		function_declaration: byName,
		given_definition: byName,
		type_definition: byName,
	},
	members: { val_definition: viaFields('pattern'), var_definition: viaFields('pattern'), val_declaration: byName, var_declaration: byName },
	memberBodies: set('template_body'),
	named: { val_definition: viaFields('pattern'), var_definition: viaFields('pattern') },
};

const LUA: TsLanguage = {
	blocks: set('chunk', 'block'),
	decls: {
		function_definition_statement: luaName,
		local_function_definition_statement: luaName,
		function_declaration: luaName,
	},
	named: { local_variable_declaration: firstVariable, variable_assignment: firstVariable },
};

const BASH: TsLanguage = {
	blocks: set('program', 'compound_statement', 'do_group', 'subshell', 'if_statement', 'elif_clause', 'else_clause', 'case_item'),
	compounds: set('if_statement'),
	fieldBlocks: set('if_statement', 'elif_clause', 'case_item'),
	decls: { function_definition: byName },
	named: { variable_assignment: byName, declaration_command: viaChild(['variable_assignment'], 1) },
};

/** VS Code language id → how to parse it with tree-sitter. */
/** Each grammar's table (grammar names: `parse/grammars.ts`). */
export const SCOPE_TABLES: ReadonlyMap<string, TsLanguage> = new Map([
	['python', PYTHON],
	['go', GO],
	['java', JAVA],
	['c_sharp', CSHARP],
	['kotlin', KOTLIN],
	['rust', RUST],
	['c', C],
	['cpp', CPP],
	['swift', SWIFT],
	['ruby', RUBY],
	['php', PHP],
	['scala', SCALA],
	['lua', LUA],
	['bash', BASH],
]);
