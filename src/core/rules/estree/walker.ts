/**
 * One walk of an ESTree program, keeping lexical scopes (imports, requires, aliases, parameters and
 * block declarations that shadow them): calls, resolved references, object properties, assignments
 * and comparisons are handed to a {@link Visitor} (the record engine), their names resolved.
 */
import { isNode, keyName, propertyName, stringValue, type EsCall, type EsNode } from './ast';
import { rawChain, Resolver, Scope, type Binding } from './resolver';

/** What the walk reports. */
export interface Visitor {
	/** A call, `new` or decorator call. */
	call(site: EsCall): void;
	/** A member expression (or a destructured property) and the qualified name it resolves to. */
	reference(node: EsNode, qname: string): void;
	/** A property written in an object literal, or assigned (`o.key = value`, `leftName`: what the left side resolves to). */
	write(node: EsNode, key: string, value: EsNode, leftName: string | null): void;
	/** An equality comparison (`===`, `!==`, `==`, `!=`). */
	compare(node: EsNode): void;
}

/** Keys never walked: positions, types (no runtime calls there). */
const SKIPPED_KEYS = new Set(['parent', 'loc', 'range', 'start', 'end', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments', 'implements']);
/** Declarations with no runtime code. */
const TYPE_ONLY = new Set(['ImportDeclaration', 'TSImportEqualsDeclaration', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'ExportAllDeclaration', 'TSAbstractMethodDefinition']);

/** Walks a program once and hands what the records look at to a {@link Visitor}. */
export class Walker {
	private readonly resolver = new Resolver();
	private decoratorCall: EsNode | null = null;

	constructor(private readonly visitor: Visitor) {}

	/** Walks `program` (an ESTree `Program`). */
	run(program: EsNode): void {
		const scope = new Scope(null);
		const body = program.body as EsNode[];
		this.declareStatements(body, scope);
		for (const statement of body) {
			this.visit(statement, scope);
		}
	}

	private visit(node: EsNode, scope: Scope): void {
		switch (node.type) {
			case 'FunctionDeclaration':
			case 'FunctionExpression':
			case 'ArrowFunctionExpression':
				this.visitFunction(node, scope);
				return;
			case 'ClassDeclaration':
			case 'ClassExpression':
				this.visitClass(node, scope);
				return;
			case 'BlockStatement':
			case 'StaticBlock':
			case 'TSModuleBlock':
				this.visitBlock(node.body as EsNode[], new Scope(scope));
				return;
			case 'SwitchStatement':
				this.visitSwitch(node, scope);
				return;
			case 'ForStatement':
			case 'ForInStatement':
			case 'ForOfStatement':
			case 'CatchClause':
				this.visitChildren(node, this.loopScope(node, scope));
				return;
			default:
				if (TYPE_ONLY.has(node.type)) {
					return;
				}
				this.check(node, scope);
				this.visitChildren(node, scope);
		}
	}

	/** What the visitor sees of one node, by type. */
	private check(node: EsNode, scope: Scope): void {
		switch (node.type) {
			case 'CallExpression':
			case 'NewExpression':
				this.checkCall(node, scope);
				break;
			case 'Decorator':
				this.decoratorCall = node.expression as EsNode;
				break;
			case 'MemberExpression': {
				const name = this.resolver.resolve(node, scope);
				if (name !== null) {
					this.visitor.reference(node, name);
				}
				break;
			}
			case 'ObjectExpression':
				for (const prop of node.properties as EsNode[]) {
					const key = propertyName(prop);
					if (key !== null) {
						this.visitor.write(prop, key, prop.value as EsNode, null);
					}
				}
				break;
			case 'AssignmentExpression': {
				const left = node.left as EsNode;
				const key = left.type === 'MemberExpression' && node.operator === '=' ? keyName(left.property as EsNode, left.computed === true) : null;
				if (key !== null) {
					this.visitor.write(node, key, node.right as EsNode, this.resolver.resolve(left, scope));
				}
				this.assignModule(node, scope);
				break;
			}
			case 'VariableDeclarator':
				this.destructured(node.id as EsNode, this.resolver.resolve(node.init as EsNode | null, scope));
				break;
			case 'BinaryExpression':
				if (/^[!=]==?$/.test(node.operator as string)) {
					this.visitor.compare(node);
				}
				break;
			default:
				break;
		}
	}

	/** `const { DB_PASSWORD } = process.env`: each property read is a reference to `process.env.DB_PASSWORD`. */
	private destructured(pattern: EsNode, base: string | null): void {
		if (pattern.type !== 'ObjectPattern' || base === null) {
			return;
		}
		for (const prop of pattern.properties as EsNode[]) {
			const key = propertyName(prop);
			const name = key === null ? null : this.resolver.member(base, key);
			if (name !== null) {
				this.visitor.reference(prop, name);
			}
		}
	}

	/** `crypto = require('crypto')` gives a declared but unknown name the module it is assigned. */
	private assignModule(node: EsNode, scope: Scope): void {
		const left = node.left as EsNode;
		const right = node.right as EsNode;
		if (node.operator !== '=' || left.type !== 'Identifier' || right.type !== 'CallExpression') {
			return;
		}
		const module = this.resolver.resolve(right, scope);
		if (module !== null && this.resolver.imports.has(module)) {
			scope.rebind(left.name as string, module);
		}
	}

	private checkCall(node: EsNode, scope: Scope): void {
		const callee = node.callee as EsNode;
		const site: EsCall = {
			node,
			isNew: node.type === 'NewExpression',
			qname: this.resolver.resolve(callee, scope),
			chain: rawChain(callee),
			args: node.arguments as EsNode[],
			decorator: node === this.decoratorCall,
			imports: this.resolver.imports,
		};
		this.visitor.call(site);
	}

	private visitChildren(node: EsNode, scope: Scope): void {
		for (const key in node) {
			if (SKIPPED_KEYS.has(key)) {
				continue;
			}
			const value = node[key];
			if (Array.isArray(value)) {
				for (const child of value) {
					if (isNode(child)) {
						this.visit(child, scope);
					}
				}
			} else if (isNode(value)) {
				this.visit(value, scope);
			}
		}
	}

	private visitBlock(statements: readonly EsNode[], scope: Scope): void {
		this.declareStatements(statements, scope);
		for (const statement of statements) {
			this.visit(statement, scope);
		}
	}

	private visitSwitch(node: EsNode, scope: Scope): void {
		this.visit(node.discriminant as EsNode, scope);
		const inner = new Scope(scope);
		const cases = node.cases as EsNode[];
		this.declareStatements(
			cases.flatMap((c) => c.consequent as EsNode[]),
			inner,
		);
		for (const c of cases) {
			this.visitChildren(c, inner);
		}
	}

	private loopScope(node: EsNode, scope: Scope): Scope {
		const inner = new Scope(scope);
		const head = (node.init ?? node.left) as EsNode | null | undefined;
		if (head?.type === 'VariableDeclaration') {
			for (const d of head.declarations as EsNode[]) {
				this.bindPattern(d.id as EsNode, null, inner);
			}
		}
		if (node.type === 'CatchClause' && isNode(node.param)) {
			this.bindPattern(node.param, null, inner);
		}
		return inner;
	}

	private visitFunction(node: EsNode, scope: Scope): void {
		const inner = new Scope(scope);
		if (node.type !== 'FunctionDeclaration' && isNode(node.id)) {
			inner.declare(node.id.name as string, null);
		}
		for (const param of node.params as EsNode[]) {
			this.bindParameter(param, inner);
			this.visit(param, inner);
		}
		const body = node.body as EsNode | null;
		if (body?.type === 'BlockStatement') {
			this.visitBlock(body.body as EsNode[], inner);
		} else if (body !== null) {
			this.visit(body, inner);
		}
	}

	private visitClass(node: EsNode, scope: Scope): void {
		for (const key of ['decorators', 'superClass'] as const) {
			const value = node[key];
			for (const child of Array.isArray(value) ? value : [value]) {
				if (isNode(child)) {
					this.visit(child, scope);
				}
			}
		}
		const inner = new Scope(scope);
		if (node.type === 'ClassExpression' && isNode(node.id)) {
			inner.declare(node.id.name as string, null);
		}
		this.declareFields((node.body as EsNode).body as EsNode[], inner);
		this.visitChildren(node.body as EsNode, inner);
	}

	/** Declares `this.x` for fields whose kind is known: typed, constructed, injected or assigned in the constructor. */
	private declareFields(members: readonly EsNode[], scope: Scope): void {
		const field = (name: string | null, binding: Binding): void => {
			if (name !== null && binding !== null) {
				scope.declare(`this.${name}`, binding);
			}
		};
		for (const member of members) {
			if (member.type === 'PropertyDefinition' && member.static !== true) {
				field(keyName(member.key as EsNode, member.computed === true), this.resolver.resolve(member.value as EsNode | null, scope) ?? this.typeOf(member, scope));
			} else if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
				const ctor = member.value as EsNode;
				for (const param of ctor.params as EsNode[]) {
					if (param.type === 'TSParameterProperty') {
						const inner = param.parameter as EsNode;
						const id = inner.type === 'AssignmentPattern' ? (inner.left as EsNode) : inner;
						field(id.type === 'Identifier' ? (id.name as string) : null, this.typeOf(id, scope));
					}
				}
				for (const statement of ((ctor.body as EsNode | null)?.body ?? []) as EsNode[]) {
					const e = statement.type === 'ExpressionStatement' ? (statement.expression as EsNode) : null;
					const left = e?.type === 'AssignmentExpression' ? (e.left as EsNode) : null;
					if (e !== null && left?.type === 'MemberExpression' && (left.object as EsNode).type === 'ThisExpression') {
						field(keyName(left.property as EsNode, left.computed === true), this.resolver.resolve(e.right as EsNode, scope));
					}
				}
			}
		}
	}

	/** The class a parameter or field is annotated with, when it is imported: `jwt: JwtService`. */
	private typeOf(node: EsNode, scope: Scope): Binding {
		const annotation = (node.typeAnnotation as EsNode | undefined)?.typeAnnotation as EsNode | undefined;
		if (annotation?.type !== 'TSTypeReference') {
			return null;
		}
		const name = annotation.typeName as EsNode;
		if (name.type === 'Identifier') {
			return scope.lookup(name.name as string) ?? null;
		}
		if (name.type === 'TSQualifiedName' && (name.left as EsNode).type === 'Identifier') {
			const base = scope.lookup((name.left as EsNode).name as string);
			return base === null || base === undefined ? null : `${base}.${(name.right as EsNode).name as string}`;
		}
		return null;
	}

	private bindParameter(param: EsNode, scope: Scope): void {
		const inner = param.type === 'TSParameterProperty' ? (param.parameter as EsNode) : param;
		const id = inner.type === 'AssignmentPattern' ? (inner.left as EsNode) : inner;
		if (id.type === 'Identifier') {
			scope.declare(id.name as string, this.typeOf(id, scope));
		} else {
			this.bindPattern(id, null, scope);
		}
	}

	/** Binds the names of a declaration pattern; object patterns bind each property of `binding`. */
	private bindPattern(pattern: EsNode, binding: Binding, scope: Scope): void {
		switch (pattern.type) {
			case 'Identifier':
				scope.declare(pattern.name as string, binding);
				return;
			case 'ObjectPattern':
				for (const prop of pattern.properties as EsNode[]) {
					if (prop.type === 'RestElement') {
						this.bindPattern(prop.argument as EsNode, null, scope);
						continue;
					}
					const key = keyName(prop.key as EsNode, prop.computed === true);
					this.bindPattern(prop.value as EsNode, binding === null || key === null ? null : this.resolver.member(binding, key), scope);
				}
				return;
			case 'ArrayPattern':
				for (const element of pattern.elements as (EsNode | null)[]) {
					if (element !== null) {
						this.bindPattern(element, null, scope);
					}
				}
				return;
			case 'AssignmentPattern':
				this.bindPattern(pattern.left as EsNode, binding, scope);
				return;
			case 'RestElement':
				this.bindPattern(pattern.argument as EsNode, null, scope);
				return;
			default:
				return;
		}
	}

	/** Hoists the declarations of a statement list into `scope`, in order, resolving aliases as it goes. */
	private declareStatements(statements: readonly EsNode[], scope: Scope): void {
		for (const raw of statements) {
			const statement = (raw.type === 'ExportNamedDeclaration' || raw.type === 'ExportDefaultDeclaration') && isNode(raw.declaration) ? raw.declaration : raw;
			switch (statement.type) {
				case 'ImportDeclaration':
					this.declareImport(statement, scope);
					break;
				case 'TSImportEqualsDeclaration': {
					const ref = statement.moduleReference as EsNode;
					const target = ref.type === 'TSExternalModuleReference' ? this.resolver.moduleOf(ref.expression as EsNode) : null;
					scope.declare((statement.id as EsNode).name as string, target);
					break;
				}
				case 'VariableDeclaration':
					for (const d of statement.declarations as EsNode[]) {
						const id = d.id as EsNode;
						const constant = id.type === 'Identifier' ? stringValue(d.init as EsNode | null) : null;
						if (constant !== null) {
							scope.declareString(id.name as string, constant);
						} else {
							this.bindPattern(id, this.resolver.resolve(d.init as EsNode | null, scope), scope);
						}
					}
					break;
				case 'FunctionDeclaration':
				case 'ClassDeclaration':
				case 'TSEnumDeclaration':
				case 'TSModuleDeclaration':
					if (isNode(statement.id) && statement.id.type === 'Identifier') {
						scope.declare(statement.id.name as string, null);
					}
					break;
				default:
					break;
			}
		}
	}

	private declareImport(node: EsNode, scope: Scope): void {
		if (node.importKind === 'type') {
			return;
		}
		const module = this.resolver.moduleOf(node.source as EsNode);
		for (const spec of node.specifiers as EsNode[]) {
			const local = (spec.local as EsNode).name as string;
			if (spec.type === 'ImportSpecifier') {
				const imported = keyName(spec.imported as EsNode, false);
				const isType = spec.importKind === 'type';
				scope.declare(local, module === null || imported === null || isType ? null : imported === 'default' ? module : this.resolver.member(module, imported));
			} else {
				scope.declare(local, module);
			}
		}
	}
}
