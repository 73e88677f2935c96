import type { TsNode } from '../../scope/treeSitterNames';
import { type Ctx, dottedText, emit, type LanguageSpec, leadingString } from './common';
import {
	JVM_PREFILTER,
	ACCEPT_ALL,
	ACCESS_ANNOTATIONS,
	addJvmImport,
	JVM_RULES,
	jvmLexical,
	jvmLexImports,
	reportJvmCall,
	resolveJvm,
	simpleType,
	TRUST_INTERFACES,
} from './jvm';

function stringArg(args: TsNode | null): string | null {
	const first = args?.firstNamedChild;
	return first?.type === 'string_literal' ? leadingString(first.text) : null;
}

/** The methods each file declares, as `name/arity`: calls to them are same-file wrappers. */
const DECLARED = new WeakMap<Ctx, Set<string>>();

function declared(ctx: Ctx): Set<string> {
	let set = DECLARED.get(ctx);
	if (set === undefined) {
		set = new Set();
		DECLARED.set(ctx, set);
	}
	return set;
}

/** `encrypt`, `decryptBytes`, `encryptString`: methods that encrypt or decrypt by their name. */
const CIPHER_METHOD = /^(?:en|de)crypt(?:[A-Z]\w*)?$/;
/** `getKey`, `extractGeneratedKey`, `loadPrivateKey`: methods that obtain key material by their name. */
const KEY_GETTER = /^(?:get|extract|load|read|fetch|retrieve)\w*Key$/;
/** Types that hold key material. */
const KEY_TYPES = new Set(['Key', 'PrivateKey', 'SecretKey', 'KeyPair']);

/**
 * Calls that name what they do, to another class's API (an inherited or injected object's method):
 * `storage.decryptBytes(key, data)` encrypts or decrypts (crypto). Same-file methods of the same arity
 * called on `this` are wrappers whose body carries the site.
 */
function reportNamedCall(ctx: Ctx, node: TsNode, method: string, argCount: number): void {
	const object = node.childForFieldName('object');
	const own = object === null || object.type === 'this';
	if (CIPHER_METHOD.test(method) && argCount > 0 && !(own && declared(ctx).has(`${method}/${argCount}`))) {
		emit(ctx, node.startIndex, 'crypto', method, 'Data encrypted or decrypted');
	}
}

/** `final Key key = extractGeneratedKey(alias)`: key material obtained from another class (a key store, a provider). */
function reportKeyObtained(ctx: Ctx, node: TsNode, type: string): void {
	if (!KEY_TYPES.has(simpleType(type))) {
		return;
	}
	for (const declarator of node.namedChildren.filter((c) => c.type === 'variable_declarator')) {
		const value = declarator.childForFieldName('value');
		const method = value?.type === 'method_invocation' ? (value.childForFieldName('name')?.text ?? '') : '';
		const argCount = value?.childForFieldName('arguments')?.namedChildCount ?? 0;
		if (value !== null && KEY_GETTER.test(method) && !declared(ctx).has(`${method}/${argCount}`) && resolveJvm(ctx, dottedText(value.childForFieldName('object')?.text ?? method) ?? '') === null) {
			emit(ctx, value.startIndex, 'secrets', method, 'Key material obtained');
		}
	}
}

function visitInvocation(node: TsNode, ctx: Ctx): void {
	const object = node.childForFieldName('object');
	const method = node.childForFieldName('name')?.text ?? '';
	const dotted = object === null ? method : dottedText(`${object.text}.${method}`);
	const args = node.childForFieldName('arguments');
	reportJvmCall(ctx, node.startIndex, dotted, method, stringArg(args));
	reportNamedCall(ctx, node, method, args?.namedChildCount ?? 0);
	if (/^set(Default)?HostnameVerifier$/.test(method) && args !== null && ACCEPT_ALL.test(args.text)) {
		emit(ctx, node.startIndex, 'tls', 'javax.net.ssl.HostnameVerifier', 'Hostname verification disabled');
	}
}

function visitCreation(node: TsNode, ctx: Ctx): void {
	const type = node.childForFieldName('type');
	if (type === null) {
		return;
	}
	const name = type.text.replace(/<[\s\S]*$/, '').replace(/\s+/g, '');
	const qualified = resolveJvm(ctx, name);
	const rule = qualified === null ? undefined : JVM_RULES.match(qualified);
	if (rule !== undefined && qualified !== null) {
		emit(ctx, node.startIndex, rule.category, qualified, rule.what);
	} else if (TRUST_INTERFACES.has(simpleType(name)) && node.namedChildren.some((c) => c.type === 'class_body')) {
		emit(ctx, node.startIndex, 'tls', `javax.net.ssl.${simpleType(name)}`, 'Custom TLS trust decision');
	}
}

function visitClass(node: TsNode, ctx: Ctx): void {
	const interfaces = node.childForFieldName('interfaces')?.text ?? '';
	const names = interfaces.replace(/^\s*implements\s+/, '').split(',').map(simpleType);
	const trust = names.find((n) => TRUST_INTERFACES.has(n));
	if (trust !== undefined) {
		emit(ctx, node.startIndex, 'tls', `javax.net.ssl.${trust}`, 'Custom TLS trust decision');
	}
}

function visitMethod(node: TsNode, ctx: Ctx): void {
	const name = node.childForFieldName('name')?.text;
	const body = node.childForFieldName('body');
	if (body === null) {
		return;
	}
	if (name === 'checkServerTrusted' && body.namedChildCount === 0) {
		emit(ctx, node.startIndex, 'tls', 'javax.net.ssl.X509TrustManager.checkServerTrusted', 'Certificate validation disabled');
	} else if (name === 'verify' && ACCEPT_ALL.test(body.text) && ctx.imports.has('javax.net.ssl')) {
		emit(ctx, node.startIndex, 'tls', 'javax.net.ssl.HostnameVerifier.verify', 'Hostname verification disabled');
	}
}

function visitAnnotation(node: TsNode, ctx: Ctx): void {
	const fq = ACCESS_ANNOTATIONS.get(simpleType(node.childForFieldName('name')?.text ?? ''));
	if (fq !== undefined) {
		emit(ctx, node.startIndex, 'access-control', fq, 'Access-control annotation');
	}
}

/** `PasswordEncoder encoder` (field, local, parameter) → the variable's qualified type; lambdas accepting all hosts. */
function visitDeclaration(node: TsNode, ctx: Ctx): void {
	const type = node.childForFieldName('type');
	if (type === null) {
		return;
	}
	const qualified = resolveJvm(ctx, type.text.replace(/<[\s\S]*$/, '').replace(/\s+/g, ''));
	const names = node.type === 'formal_parameter' ? [node.childForFieldName('name')] : node.namedChildren.filter((c) => c.type === 'variable_declarator').map((d) => d.childForFieldName('name'));
	for (const name of names) {
		if (name !== null && qualified !== null) {
			ctx.vars.set(name.text, qualified);
		}
	}
	if (node.type === 'local_variable_declaration') {
		reportKeyObtained(ctx, node, type.text);
	}
	if (simpleType(type.text) === 'HostnameVerifier' && /=\s*\([^)]*\)\s*->\s*(?:\{\s*return\s+)?true\b/.test(node.text)) {
		emit(ctx, node.startIndex, 'tls', 'javax.net.ssl.HostnameVerifier', 'Hostname verification disabled');
	}
}

const QUEUED: ReadonlyMap<string, (node: TsNode, ctx: Ctx) => void> = new Map(Object.entries({
	method_invocation: visitInvocation,
	object_creation_expression: visitCreation,
	class_declaration: visitClass,
	method_declaration: visitMethod,
	annotation: visitAnnotation,
	marker_annotation: visitAnnotation,
	local_variable_declaration: visitDeclaration,
	field_declaration: visitDeclaration,
	formal_parameter: visitDeclaration,
}));

function collect(node: TsNode, ctx: Ctx, queue: TsNode[]): void {
	if (node.type === 'import_declaration') {
		const name = node.namedChildren.find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
		if (name !== undefined) {
			addJvmImport(ctx, node.namedChildren.some((c) => c.type === 'asterisk') ? `${name.text}.*` : name.text, undefined);
		}
	} else if (QUEUED.has(node.type)) {
		queue.push(node);
	}
	if (node.type === 'method_declaration' || node.type === 'constructor_declaration') {
		const params = node.childForFieldName('parameters')?.namedChildren.filter((c) => c.type === 'formal_parameter' || c.type === 'spread_parameter').length ?? 0;
		declared(ctx).add(`${node.childForFieldName('name')?.text ?? ''}/${params}`);
	}
}

/** Java: JCA/JSSE, Spring Security, JWT libraries, trust managers and hostname verifiers, secret env reads. */
export const JAVA_SPEC: LanguageSpec = {
	id: 'java',
	languages: ['java'],
	prefilter: JVM_PREFILTER,
	collect,
	visit: (node, ctx) => QUEUED.get(node.type)?.(node, ctx),
	lexImports: jvmLexImports,
	lexical: jvmLexical,
};
