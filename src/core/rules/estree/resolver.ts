/** Resolution of ESTree expressions to qualified names through a file's imports, requires and aliases. */
import { isNode, keyName, stringValue, type EsNode } from './ast';
import { AUDIT_LOGGER, isAuditLoggerCreation } from './auditLogger';

/** What a name is bound to: a qualified name (`crypto`, `jsonwebtoken.sign`, `casbin.Enforcer`), or null for a local of unknown meaning. */
export type Binding = string | null;

/** The qualified name the global object resolves to (`window`, `globalThis`, `self`, `global`). */
const GLOBAL_OBJECT = '#global';

/** Globals that resolve without an import; `crypto` is WebCrypto in browsers and Node alike. */
export const GLOBALS: ReadonlyMap<string, string> = new Map([
	['crypto', 'crypto'],
	['msCrypto', 'crypto'],
	['process', 'process'],
	['Deno', 'Deno'],
	['Bun', 'Bun'],
	['window', GLOBAL_OBJECT],
	['globalThis', GLOBAL_OBJECT],
	['self', GLOBAL_OBJECT],
	['global', GLOBAL_OBJECT],
]);

/** Calls that return an object of a known kind: `await newEnforcer()` is an enforcer (what rule records name its methods by). */
const FACTORIES: ReadonlyMap<string, string> = new Map([
	['casbin.newEnforcer', 'casbin.Enforcer'],
	['casbin.newSyncedEnforcer', 'casbin.Enforcer'],
	['casbin.newCachedEnforcer', 'casbin.Enforcer'],
	['openid-client.Issuer.discover', 'openid-client.Issuer'],
	['@casl/ability.defineAbility', '@casl/ability.Ability'],
	['@casl/ability.createMongoAbility', '@casl/ability.Ability'],
	['@casl/ability.AbilityBuilder.build', '@casl/ability.Ability'],
	['@casl/ability.ForbiddenError.from', '@casl/ability.ForbiddenError'],
	['node-vault', 'node-vault.Client'],
	['jwa', 'jwa.Algorithm'],
	['jwks-rsa', 'jwks-rsa.JwksClient'],
]);

/** Module-interop helpers that compilers wrap around `require` (TypeScript, tslib, Babel, esbuild): they return the module. */
const INTEROP_HELPERS = new Set(['__importStar', '__importDefault', '__toESM', '_interopRequireDefault', '_interopRequireWildcard', 'interopRequireDefault', 'interopRequireWildcard']);

/** Qualified names spelled several ways. Keys are prefixes, matched on whole segments. */
const SYNONYMS: ReadonlyMap<string, string> = new Map([
	['crypto.webcrypto', 'crypto'],
	['openid-client.Issuer.Client', 'openid-client.Client'],
	['fs.promises', 'fs/promises'],
	['aws-sdk.clients.secretsmanager', 'aws-sdk.SecretsManager'],
]);

/** Subpath modules that are one export of their package. */
const SUBPATH_MODULES: ReadonlyMap<string, string> = new Map([
	['crypto-js/aes', 'crypto-js.AES'],
	['crypto-js/tripledes', 'crypto-js.TripleDES'],
	['crypto-js/rc4', 'crypto-js.RC4'],
	['crypto-js/md5', 'crypto-js.MD5'],
	['crypto-js/sha1', 'crypto-js.SHA1'],
	['crypto-js/sha256', 'crypto-js.SHA256'],
	['crypto-js/sha512', 'crypto-js.SHA512'],
	['crypto-js/sha3', 'crypto-js.SHA3'],
	['crypto-js/hmac-sha1', 'crypto-js.HmacSHA1'],
	['crypto-js/hmac-sha256', 'crypto-js.HmacSHA256'],
	['crypto-js/hmac-sha512', 'crypto-js.HmacSHA512'],
	['crypto-js/pbkdf2', 'crypto-js.PBKDF2'],
	['aws-sdk/clients/secretsmanager', 'aws-sdk.SecretsManager'],
	['aws-sdk/clients/ssm', 'aws-sdk.SSM'],
	['aws-sdk/clients/kms', 'aws-sdk.KMS'],
]);

/** `node:crypto` → `crypto`; `crypto-js/aes` → `crypto-js.AES`; `fs/promises` stays. */
export function normalizeModule(specifier: string): string {
	const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
	const sub = SUBPATH_MODULES.get(bare);
	if (sub !== undefined) {
		return sub;
	}
	if (bare.startsWith('crypto-js/')) {
		return `crypto-js.${bare.slice(10)}`;
	}
	return SYNONYMS.get(bare) ?? bare;
}

/** Rewrites known synonyms of a qualified name and drops `.default` (CommonJS interop). */
export function normalizeName(qname: string): string {
	let name = qname.endsWith('.default') ? qname.slice(0, -8) : qname;
	for (let cut = name.length; cut > 0; cut = name.lastIndexOf('.', cut - 1)) {
		const head = name.slice(0, cut);
		const synonym = SYNONYMS.get(head);
		if (synonym !== undefined) {
			name = synonym + name.slice(cut);
			break;
		}
	}
	return name;
}

/** A lexical scope: the names declared in it, and for class scopes the fields as `this.name`. */
export class Scope {
	private names: Map<string, Binding> | undefined;
	private strings: Map<string, string> | undefined;

	constructor(readonly parent: Scope | null) {}

	/** Binds `name` in this scope. */
	declare(name: string, binding: Binding): void {
		(this.names ??= new Map()).set(name, binding);
	}

	/** Rebinds `name` where it is declared, when that declaration left it unknown (`var crypto; try { crypto = require('crypto'); } catch {}`). */
	rebind(name: string, binding: string): void {
		if (this.names?.has(name) === true) {
			if (this.names.get(name) === null && this.strings?.has(name) !== true) {
				this.names.set(name, binding);
			}
			return;
		}
		this.parent?.rebind(name, binding);
	}

	/** Binds `name` to a string constant (`const KEY = 'AWS_SECRET_ACCESS_KEY'`). */
	declareString(name: string, value: string): void {
		this.declare(name, null);
		(this.strings ??= new Map()).set(name, value);
	}

	/** The string constant `name` denotes in this scope or an enclosing one, unless a nearer declaration shadows it. */
	stringOf(name: string): string | undefined {
		if (this.names?.has(name) === true) {
			return this.strings?.get(name);
		}
		return this.parent?.stringOf(name);
	}

	/** The binding of `name` in this scope or an enclosing one; undefined when no scope declares it. */
	lookup(name: string): Binding | undefined {
		if (this.names?.has(name) === true) {
			return this.names.get(name) ?? null;
		}
		return this.parent?.lookup(name);
	}
}

const TRANSPARENT = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ParenthesizedExpression', 'ChainExpression', 'AwaitExpression']);

/** Resolves expressions to qualified names through a file's imports and aliases. */
export class Resolver {
	/** Normalised names of the modules the file imports or requires. */
	readonly imports = new Set<string>();

	/** The qualified name `node` denotes, or null. */
	resolve(node: EsNode | null | undefined, scope: Scope): string | null {
		if (node === null || node === undefined) {
			return null;
		}
		switch (node.type) {
			case 'Identifier':
				return this.resolveName(node.name as string, scope);
			case 'ThisExpression':
				return null;
			case 'MetaProperty':
				return 'import.meta';
			case 'MemberExpression':
				return this.resolveMember(node, scope);
			case 'CallExpression':
				return this.resolveCall(node, scope);
			case 'NewExpression':
				return this.resolve(node.callee as EsNode, scope);
			case 'ImportExpression':
				return this.moduleOf(node.source as EsNode);
			case 'SequenceExpression': {
				// `(0, crypto_1.createHash)(…)`: TypeScript's call form for named imports.
				const expressions = node.expressions as EsNode[];
				return this.resolve(expressions[expressions.length - 1], scope);
			}
			default:
				return TRANSPARENT.has(node.type) ? this.resolve((node.expression ?? node.argument) as EsNode, scope) : null;
		}
	}

	/** The binding of an identifier, falling back to the known globals. */
	resolveName(name: string, scope: Scope): string | null {
		const bound = scope.lookup(name);
		return bound !== undefined ? bound : (GLOBALS.get(name) ?? null);
	}

	/** Records and returns the normalised module a `require`/`import()` names. */
	moduleOf(source: EsNode | undefined): string | null {
		const specifier = stringValue(source);
		if (specifier === null) {
			return null;
		}
		const name = normalizeModule(specifier);
		this.imports.add(name);
		return name;
	}

	/** The qualified name of property `key` of `base`: `crypto` + `subtle` → `crypto.subtle`. */
	member(base: string, key: string): string | null {
		if (base === GLOBAL_OBJECT) {
			return GLOBALS.get(key) ?? null;
		}
		return normalizeName(`${base}.${key}`);
	}

	private resolveMember(node: EsNode, scope: Scope): string | null {
		const object = node.object as EsNode;
		const key = node.property as EsNode;
		// `process.env[ENV_SECRET]` with `const ENV_SECRET = 'AWS_SECRET_ACCESS_KEY'`.
		const property = node.computed === true && key.type === 'Identifier' ? (scope.stringOf(key.name as string) ?? null) : keyName(key, node.computed === true);
		if (property === null) {
			return null;
		}
		if (object.type === 'ThisExpression') {
			return scope.lookup(`this.${property}`) ?? null;
		}
		const base = this.resolve(object, scope);
		return base === null ? null : this.member(base, property);
	}

	private resolveCall(node: EsNode, scope: Scope): string | null {
		const callee = node.callee as EsNode;
		const args = node.arguments as EsNode[];
		if (callee.type === 'Identifier' && callee.name === 'require' && scope.lookup('require') === undefined) {
			return this.moduleOf(args[0]);
		}
		const chain = rawChain(callee);
		if (chain !== null && args.length > 0 && INTEROP_HELPERS.has(chain[chain.length - 1])) {
			return this.resolve(args[0], scope);
		}
		if (isAuditLoggerCreation(args, chain)) {
			return AUDIT_LOGGER;
		}
		const target = this.resolve(callee, scope);
		if (target === `${AUDIT_LOGGER}.child`) {
			return AUDIT_LOGGER;
		}
		return target === null ? null : (FACTORIES.get(target) ?? null);
	}
}

/** The names of a callee or member chain as written: `this.a.b` → `['this', 'a', 'b']`; calls add `()`. */
export function rawChain(node: EsNode): string[] | null {
	switch (node.type) {
		case 'Identifier':
			return [node.name as string];
		case 'ThisExpression':
			return ['this'];
		case 'Super':
			return ['super'];
		case 'MemberExpression': {
			const property = keyName(node.property as EsNode, node.computed === true);
			const object = property === null ? null : rawChain(node.object as EsNode);
			return object === null || property === null ? null : [...object, property];
		}
		case 'CallExpression': {
			const callee = rawChain(node.callee as EsNode);
			return callee === null ? null : [...callee, '()'];
		}
		case 'SequenceExpression': {
			const expressions = node.expressions as EsNode[];
			return rawChain(expressions[expressions.length - 1]);
		}
		default:
			return TRANSPARENT.has(node.type) && isNode(node.expression ?? node.argument) ? rawChain((node.expression ?? node.argument) as EsNode) : null;
	}
}
