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

function stringArg(call: TsNode): string | null {
	const suffix = call.namedChildren.find((c) => c.type === 'call_suffix');
	const first = suffix?.namedChildren.find((c) => c.type === 'value_arguments')?.firstNamedChild?.firstNamedChild;
	return first?.type === 'string_literal' ? leadingString(first.text) : null;
}

/** `Cipher.getInstance(…)`, `SecureRandom()` (a constructor call), `encoder.matches(…)`. */
function visitCall(node: TsNode, ctx: Ctx): void {
	const callee = node.firstNamedChild;
	if (callee === null) {
		return;
	}
	const suffix = callee.type === 'navigation_expression' ? callee.namedChildren.find((c) => c.type === 'navigation_suffix') : undefined;
	const method = suffix?.lastNamedChild?.text ?? callee.text;
	const dotted = dottedText(callee.text);
	reportJvmCall(ctx, node.startIndex, dotted, method, stringArg(node));
	if (/^set(Default)?HostnameVerifier$/.test(method) && ACCEPT_ALL.test(node.text)) {
		emit(ctx, node.startIndex, 'tls', 'javax.net.ssl.HostnameVerifier', 'Hostname verification disabled');
	}
}

/** A class or `object :` expression implementing a trust manager or hostname verifier. */
function visitSupertypes(node: TsNode, ctx: Ctx): void {
	for (const spec of node.namedChildren) {
		if (spec.type === 'delegation_specifier' && TRUST_INTERFACES.has(simpleType(spec.text))) {
			emit(ctx, node.startIndex, 'tls', `javax.net.ssl.${simpleType(spec.text)}`, 'Custom TLS trust decision');
			return;
		}
	}
}

function visitFunction(node: TsNode, ctx: Ctx): void {
	const name = node.namedChildren.find((c) => c.type === 'simple_identifier')?.text;
	const body = node.namedChildren.find((c) => c.type === 'function_body');
	if (body === undefined) {
		return;
	}
	if (name === 'checkServerTrusted' && /^\{\s*\}$/.test(body.text)) {
		emit(ctx, node.startIndex, 'tls', 'javax.net.ssl.X509TrustManager.checkServerTrusted', 'Certificate validation disabled');
	} else if (name === 'verify' && /^(?:=\s*true|\{\s*return\s+true\s*;?\s*\})$/.test(body.text) && ctx.imports.has('javax.net.ssl')) {
		emit(ctx, node.startIndex, 'tls', 'javax.net.ssl.HostnameVerifier.verify', 'Hostname verification disabled');
	}
}

function visitAnnotation(node: TsNode, ctx: Ctx): void {
	const head = node.firstNamedChild;
	const type = head?.type === 'constructor_invocation' ? head.firstNamedChild : head;
	const fq = ACCESS_ANNOTATIONS.get(simpleType(type?.text ?? ''));
	if (fq !== undefined) {
		emit(ctx, node.startIndex, 'access-control', fq, 'Access-control annotation');
	}
}

/** `val e: PasswordEncoder`, `val e = BCryptPasswordEncoder()`, parameters: the variable's qualified type. */
function visitDeclaration(node: TsNode, ctx: Ctx): void {
	const holder = node.type === 'property_declaration' ? node.namedChildren.find((c) => c.type === 'variable_declaration') : node;
	const name = holder?.namedChildren.find((c) => c.type === 'simple_identifier')?.text;
	if (name === undefined || holder === undefined) {
		return;
	}
	const declared = holder.namedChildren.find((c) => c.type === 'user_type' || c.type === 'nullable_type');
	const value = node.type === 'property_declaration' ? node.namedChildren.find((c) => c.type === 'call_expression')?.firstNamedChild : undefined;
	const typeName = declared?.text ?? (value !== undefined && value !== null && /^[\w.]*[A-Z]\w*$/.test(value.text) ? value.text : null);
	const qualified = typeName === null ? null : resolveJvm(ctx, typeName.replace(/<[\s\S]*$/, '').replace(/[?\s]/g, ''));
	if (qualified !== null && JVM_RULES.match(`${qualified}.x`) !== undefined) {
		ctx.vars.set(name, qualified);
	}
}

const QUEUED: ReadonlyMap<string, (node: TsNode, ctx: Ctx) => void> = new Map(
	Object.entries({
		call_expression: visitCall,
		class_declaration: visitSupertypes,
		object_literal: visitSupertypes,
		function_declaration: visitFunction,
		annotation: visitAnnotation,
		property_declaration: visitDeclaration,
		parameter: visitDeclaration,
		class_parameter: visitDeclaration,
	}),
);

function collect(node: TsNode, ctx: Ctx, queue: TsNode[]): void {
	if (node.type === 'import_header') {
		const name = node.namedChildren.find((c) => c.type === 'identifier');
		const alias = node.namedChildren.find((c) => c.type === 'import_alias')?.lastNamedChild?.text;
		if (name !== undefined) {
			addJvmImport(ctx, /\.\s*\*\s*$/.test(node.text) ? `${name.text}.*` : name.text, alias);
		}
	} else if (QUEUED.has(node.type)) {
		queue.push(node);
	}
}

/** Kotlin: the JVM APIs of {@link JAVA_SPEC}'s family, with Kotlin syntax (aliases, constructor calls, `object :`). */
export const KOTLIN_SPEC: LanguageSpec = {
	id: 'kotlin',
	languages: ['kotlin'],
	prefilter: JVM_PREFILTER,
	collect,
	visit: (node, ctx) => QUEUED.get(node.type)?.(node, ctx),
	lexImports: jvmLexImports,
	lexical: jvmLexical,
};
