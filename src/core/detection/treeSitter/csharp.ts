import type { TsNode } from '../../scope/treeSitterNames';
import {
	type Ctx,
	dottedText,
	emit,
	type LanguageSpec,
	leadingString,
	lexicalCalls,
	matchesIn,
	methodRules,
	reportCall,
	reportEnv,
	RuleSet,
	resolveHead,
} from './common';

const CRYPTO = 'System.Security.Cryptography';
const JWT = 'System.IdentityModel.Tokens.Jwt';

const RULES = new RuleSet([
	[`${CRYPTO}.*`, 'crypto', 'Cryptography'],
	[`${JWT}.*`, 'auth', 'JWT created or validated'],
	['Microsoft.AspNetCore.Identity.PasswordHasher', 'auth', 'Password hashing'],
	['Microsoft.AspNetCore.Identity.PasswordHasher.*', 'auth', 'Password hashing'],
	['System.Net.Security.SslStream', 'tls', 'TLS stream'],
	['System.Net.Security.SslStream.*', 'tls', 'TLS stream'],
]);

const METHODS = methodRules([
	['SignInAsync', '', 'Microsoft.AspNetCore.Authentication.SignInAsync', 'auth', 'User sign-in'],
	['SignOutAsync', '', 'Microsoft.AspNetCore.Authentication.SignOutAsync', 'auth', 'User sign-out'],
	['AuthenticateAsClient', '', 'System.Net.Security.SslStream.AuthenticateAsClient', 'tls', 'TLS client handshake'],
	['AuthenticateAsClientAsync', '', 'System.Net.Security.SslStream.AuthenticateAsClientAsync', 'tls', 'TLS client handshake'],
	['AuthenticateAsServer', '', 'System.Net.Security.SslStream.AuthenticateAsServer', 'tls', 'TLS server handshake'],
	['AuthenticateAsServerAsync', '', 'System.Net.Security.SslStream.AuthenticateAsServerAsync', 'tls', 'TLS server handshake'],
	['HashPassword', 'Microsoft.AspNetCore.Identity', 'Microsoft.AspNetCore.Identity.IPasswordHasher.HashPassword', 'auth', 'Password hashing'],
	['VerifyHashedPassword', 'Microsoft.AspNetCore.Identity', 'Microsoft.AspNetCore.Identity.IPasswordHasher.VerifyHashedPassword', 'auth', 'Password verification'],
	['WriteToken', `${JWT}|Microsoft.IdentityModel`, `${JWT}.JwtSecurityTokenHandler.WriteToken`, 'auth', 'JWT created'],
	['ValidateToken', `${JWT}|Microsoft.IdentityModel`, `${JWT}.JwtSecurityTokenHandler.ValidateToken`, 'auth', 'JWT validated'],
	['CreateToken', `${JWT}|Microsoft.IdentityModel`, `${JWT}.JwtSecurityTokenHandler.CreateToken`, 'auth', 'JWT created'],
]);
const TABLES = { rules: RULES, methods: METHODS };

/** Distinctive type names resolved even without a `using` in the file (global usings live elsewhere). */
const WELL_KNOWN: ReadonlyMap<string, string> = new Map([
	...['Aes', 'AesGcm', 'SHA1', 'SHA256', 'SHA384', 'SHA512', 'MD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA384', 'HMACSHA512', 'RSA', 'ECDsa', 'ECDiffieHellman']
		.concat(['RandomNumberGenerator', 'Rfc2898DeriveBytes', 'ProtectedData', 'CryptographicOperations', 'IncrementalHash'])
		.map((n): [string, string] => [n, CRYPTO]),
	['JwtSecurityTokenHandler', JWT],
	['JwtSecurityToken', JWT],
	['SslStream', 'System.Net.Security'],
	['PasswordHasher', 'Microsoft.AspNetCore.Identity'],
	['Environment', 'System'],
]);

const ACCESS_ATTRIBUTES = new Set(['Authorize', 'AuthorizeAttribute', 'AllowAnonymous', 'AllowAnonymousAttribute']);
const CALLBACKS = new Set(['ServerCertificateCustomValidationCallback', 'ServerCertificateValidationCallback', 'RemoteCertificateValidationCallback']);
const ACCEPT_ALL = /^\([^)]*\)\s*=>\s*(?:true|\{\s*return\s+true\s*;\s*\})$|^\w+\s*=>\s*true$|DangerousAcceptAnyServerCertificateValidator$/;

/** `Aes.Create` → `System.Security.Cryptography.Aes.Create` through variables, aliases, usings or well-known names. */
function resolve(ctx: Ctx, dotted: string): string | null {
	const { head, bound } = resolveHead(ctx, dotted);
	if (bound !== null) {
		return bound;
	}
	const known = WELL_KNOWN.get(head);
	if (known !== undefined) {
		return `${known}.${dotted}`;
	}
	return dotted.startsWith('System.') || dotted.startsWith('Microsoft.') ? dotted : null;
}

function reportInvocation(ctx: Ctx, offset: number, dotted: string | null, method: string, arg: string | null): void {
	const qualified = dotted === null ? null : resolve(ctx, dotted);
	if (qualified === 'System.Environment.GetEnvironmentVariable') {
		reportEnv(ctx, offset, qualified, arg);
	} else {
		reportCall(ctx, offset, qualified, method, TABLES);
	}
}

function bareType(text: string): string {
	return text.replace(/<[\s\S]*$/, '').replace(/\s+/g, '');
}

function visitInvocation(node: TsNode, ctx: Ctx): void {
	const fn = node.childForFieldName('function');
	if (fn === null) {
		return;
	}
	const name = fn.type === 'member_access_expression' ? fn.childForFieldName('name') : fn;
	const method = bareType(name?.text ?? '');
	const object = fn.type === 'member_access_expression' ? fn.childForFieldName('expression') : null;
	const dotted = object === null ? dottedText(method) : dottedText(`${object.text}.${method}`);
	const first = node.childForFieldName('arguments')?.firstNamedChild?.firstNamedChild;
	reportInvocation(ctx, node.startIndex, dotted, method, first?.type === 'string_literal' ? leadingString(first.text) : null);
}

function visitCreation(node: TsNode, ctx: Ctx): void {
	const type = node.childForFieldName('type');
	const qualified = type === null ? null : resolve(ctx, bareType(type.text));
	const rule = qualified === null ? undefined : RULES.match(qualified);
	if (rule !== undefined && qualified !== null) {
		emit(ctx, node.startIndex, rule.category, qualified, rule.what);
	}
}

function visitAttribute(node: TsNode, ctx: Ctx): void {
	const name = bareType(node.childForFieldName('name')?.text ?? '');
	const simple = name.slice(name.lastIndexOf('.') + 1);
	if (ACCESS_ATTRIBUTES.has(simple)) {
		emit(ctx, node.startIndex, 'access-control', `Microsoft.AspNetCore.Authorization.${simple.replace(/Attribute$/, '')}`, 'Access-control attribute');
	}
}

function visitAssignment(node: TsNode, ctx: Ctx): void {
	const left = node.childForFieldName('left');
	const right = node.childForFieldName('right');
	const property = left?.type === 'member_access_expression' ? left.childForFieldName('name')?.text : left?.text;
	if (property === undefined || right === null || !CALLBACKS.has(property)) {
		return;
	}
	const disabled = ACCEPT_ALL.test(right.text.trim());
	emit(ctx, node.startIndex, 'tls', `System.Net.${property}`, disabled ? 'Certificate validation disabled' : 'Custom certificate validation');
}

/** `var h = new JwtSecurityTokenHandler()` or `JwtSecurityTokenHandler h`: the variable's qualified type. */
function visitDeclaration(node: TsNode, ctx: Ctx): void {
	const type = node.childForFieldName('type');
	const declared = type === null || type.type === 'implicit_type' ? null : resolve(ctx, bareType(type.text));
	const declarators = node.type === 'parameter' ? [node] : node.namedChildren.filter((c) => c.type === 'variable_declarator');
	for (const d of declarators) {
		const name = d.childForFieldName('name') ?? d.namedChildren.find((c) => c.type === 'identifier');
		const created = d.descendantsOfType('object_creation_expression')[0]?.childForFieldName('type');
		const qualified = declared ?? (created === null || created === undefined ? null : resolve(ctx, bareType(created.text)));
		if (name !== null && name !== undefined && qualified !== null && RULES.match(`${qualified}.x`) !== undefined) {
			ctx.vars.set(name.text, qualified);
		}
	}
}

const QUEUED: ReadonlyMap<string, (node: TsNode, ctx: Ctx) => void> = new Map(
	Object.entries({
		invocation_expression: visitInvocation,
		object_creation_expression: visitCreation,
		attribute: visitAttribute,
		assignment_expression: visitAssignment,
		variable_declaration: visitDeclaration,
		parameter: visitDeclaration,
	}),
);

function addUsing(ctx: Ctx, alias: string | undefined, name: string): void {
	const clean = bareType(name);
	if (alias === undefined) {
		ctx.imports.wildcards.add(clean);
	} else {
		ctx.imports.aliases.set(alias, clean);
	}
}

function collect(node: TsNode, ctx: Ctx, queue: TsNode[]): void {
	if (node.type === 'using_directive') {
		const m = /^(?:global\s+)?using\s+(?:static\s+)?(?:(\w+)\s*=\s*)?([\w.]+)/.exec(node.text);
		if (m !== null) {
			addUsing(ctx, m[1], m[2]);
		}
	} else if (QUEUED.has(node.type)) {
		queue.push(node);
	}
}

function lexImports(ctx: Ctx, start: number, end: number): void {
	for (const m of matchesIn(/^[ \t]*(?:global[ \t]+)?using[ \t]+(?:static[ \t]+)?(?:(\w+)[ \t]*=[ \t]*)?([\w.]+)[ \t]*;/gm, ctx.source.masked(), start, end)) {
		addUsing(ctx, m[1], m[2]);
	}
}

function lexical(ctx: Ctx, start: number, end: number): void {
	const masked = ctx.source.masked();
	const text = ctx.source.file.text;
	for (const call of lexicalCalls(masked, start, end)) {
		const arg = leadingString(text.slice(call.argsAt, call.argsAt + 210));
		if (call.isNew) {
			const qualified = resolve(ctx, call.name);
			const rule = qualified === null ? undefined : RULES.match(qualified);
			if (rule !== undefined && qualified !== null) {
				emit(ctx, call.offset, rule.category, qualified, rule.what);
			}
		} else {
			reportInvocation(ctx, call.offset, call.name, call.name.slice(call.name.lastIndexOf('.') + 1), arg);
		}
	}
	for (const m of matchesIn(/\[\s*(?:[\w.]+\.)?(Authorize|AllowAnonymous)(?:Attribute)?\b/g, masked, start, end)) {
		emit(ctx, m.index, 'access-control', `Microsoft.AspNetCore.Authorization.${m[1]}`, 'Access-control attribute');
	}
	for (const m of matchesIn(/\b(\w+)\s*\+?=\s*([^;\n]*)/g, masked, start, end)) {
		if (CALLBACKS.has(m[1])) {
			const disabled = ACCEPT_ALL.test(m[2].trim().replace(/[,}]\s*$/, '').trim());
			emit(ctx, m.index, 'tls', `System.Net.${m[1]}`, disabled ? 'Certificate validation disabled' : 'Custom certificate validation');
		}
	}
}

/** C#: System.Security.Cryptography, JWT handlers, ASP.NET authorization attributes and sign-in, TLS callbacks, env secrets. */
export const CSHARP_SPEC: LanguageSpec = {
	id: 'csharp',
	languages: ['csharp'],
	prefilter:
		/Cryptography|Aes|SHA\d|MD5|HMAC|RSA|ECD|RandomNumberGenerator|Rfc2898|ProtectedData|IncrementalHash|Jwt|Authorize|AllowAnonymous|SignInAsync|SignOutAsync|PasswordHasher|HashPassword|CertificateValidationCallback|SslStream|AuthenticateAs|GetEnvironmentVariable/,
	collect,
	visit: (node, ctx) => QUEUED.get(node.type)?.(node, ctx),
	lexImports,
	lexical,
};
