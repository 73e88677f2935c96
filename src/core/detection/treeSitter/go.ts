import type { TsNode } from '../../scope/treeSitterNames';
import { namesKeyMaterial } from '../names';
import type { Category } from '../../types';
import { type Ctx, dottedText, emit, type LanguageSpec, leadingString, lexicalCalls, matchesIn, methodRules, reportCall, reportEnv, type Rule, RuleSet } from './common';

const STD_CRYPTO = [
	'aes', 'cipher', 'des', 'dsa', 'ecdh', 'ecdsa', 'ed25519', 'elliptic', 'hmac', 'md5', 'rand', 'rc4', 'rsa', 'sha1', 'sha256',
	'sha512', 'sha3', 'subtle', 'x509', 'hkdf', 'pbkdf2', 'mlkem',
];
const JWT_PATHS = ['github.com/golang-jwt/jwt', 'github.com/dgrijalva/jwt-go', 'github.com/form3tech-oss/jwt-go', 'github.com/lestrrat-go/jwx'];

const RULES = new RuleSet([
	...STD_CRYPTO.map((pkg): readonly [string, Category, string] => [`crypto/${pkg}.*`, 'crypto', pkg === 'rand' ? 'Secure random' : 'Cryptographic primitive']),
	['crypto/tls.*', 'tls', 'TLS configuration'],
	['net/http.ListenAndServeTLS', 'tls', 'HTTPS server'],
	['net/http.ServeTLS', 'tls', 'HTTPS server'],
	['golang.org/x/crypto/bcrypt.*', 'auth', 'Password verification'],
	// Hashing a password for storage is cryptography; comparing one is authentication (eval/LABELING.md).
	['golang.org/x/crypto/bcrypt.GenerateFromPassword', 'crypto', 'Password hashing'],
]);

const METHODS = methodRules([
	['SignedString', JWT_PATHS.join('|'), 'jwt.Token.SignedString', 'auth', 'JWT signed'],
	['ListenAndServeTLS', 'net/http', 'net/http.Server.ListenAndServeTLS', 'tls', 'HTTPS server'],
	['ServeTLS', 'net/http', 'net/http.Server.ServeTLS', 'tls', 'HTTPS server'],
	['TLSConfig', 'crypto/tls', 'TLSConfig', 'tls', 'TLS configuration built'],
]);
const ENV = new Set(['os.Getenv', 'os.LookupEnv']);
/** Whole-file readers: a secret read when the path or the variable receiving the data names key material. */
const FILE_READERS = new Set(['os.ReadFile', 'io/ioutil.ReadFile']);
/** Words of a path or variable name that say key material or credentials (as in the JavaScript rules). */
/** JWT library functions that parse key material (crypto, not token-level auth). */
const JWT_KEY_PARSERS = /^Parse(?:RSA|EC|ED|Ed)\w*KeyFromPEM\w*$/;
/** JWT library functions that only build an unsigned token or a parser: not a sign/verify site. */
const JWT_CONSTRUCTORS = new Set(['New', 'NewWithClaims', 'NewParser', 'NewNumericDate']);

/** The rule of a resolved `path.Member`, including whole module families (`golang.org/x/crypto/…`, JWT libraries). */
function match(qualified: string): Rule | undefined {
	const known = RULES.match(qualified);
	if (known !== undefined) {
		return known;
	}
	if (qualified.startsWith('golang.org/x/crypto/')) {
		return { category: 'crypto', what: 'Cryptographic primitive' };
	}
	if (/^golang\.org\/x\/oauth2\/jws\.(?:Encode|EncodeWithSigner|Verify)$/.test(qualified)) {
		return { category: 'auth', what: 'JWT assertion signed or verified' };
	}
	if (qualified.startsWith('github.com/gorilla/securecookie.')) {
		return { category: 'crypto', what: 'Cookie signed or encrypted (securecookie)' };
	}
	if (!JWT_PATHS.some((p) => qualified.startsWith(p))) {
		return undefined;
	}
	const member = qualified.slice(qualified.lastIndexOf('.') + 1);
	if (JWT_KEY_PARSERS.test(member)) {
		return { category: 'crypto', what: 'Key parsed from PEM' };
	}
	return JWT_CONSTRUCTORS.has(member) ? undefined : { category: 'auth', what: 'JWT signed or verified' };
}

/** True when a path expression or a receiving variable names key material. */
function mentionsKeyMaterial(text: string | null | undefined): boolean {
	return text !== null && text !== undefined && namesKeyMaterial(text);
}

/** `keyData, err := os.ReadFile(location)`: the variables the call's results are assigned to. */
function assignedNames(call: TsNode): string | null {
	const list = call.parent?.type === 'expression_list' ? call.parent : null;
	const statement = list?.parent;
	if (statement === null || statement === undefined || !/^(?:short_var_declaration|assignment_statement)$/.test(statement.type)) {
		return null;
	}
	return statement.childForFieldName('left')?.text ?? null;
}

/** A key or credential file read: the path argument or the receiving variable mentions key material. */
function reportKeyFileRead(ctx: Ctx, offset: number, qualified: string, path: string | null | undefined, target: string | null): boolean {
	if (!FILE_READERS.has(qualified) || !(mentionsKeyMaterial(path) || mentionsKeyMaterial(target))) {
		return false;
	}
	emit(ctx, offset, 'secrets', qualified, 'Key material or credentials read from a file');
	return true;
}

const TABLES = { rules: { match }, methods: METHODS };

/** The package name an import path binds by default: `…/jwt/v5` → `jwt`, `…/jwt-go` → `jwt`. */
function packageName(path: string): string {
	const parts = path.split('/');
	let last = parts[parts.length - 1];
	if (/^v\d+$/.test(last) && parts.length > 1) {
		last = parts[parts.length - 2];
	}
	return last.replace(/^go-|-go$|\.v\d+$/g, '').replace(/\W/g, '_');
}

function addImport(ctx: Ctx, name: string | undefined, path: string): void {
	if (name === '_') {
		return;
	}
	if (name === '.') {
		ctx.imports.wildcards.add(path);
	} else {
		ctx.imports.aliases.set(name ?? packageName(path), path);
	}
}

/** `crand.Read` → `crypto/rand.Read`; dot imports resolve bare names. */
function resolve(ctx: Ctx, dotted: string): string | null {
	const dot = dotted.indexOf('.');
	if (dot < 0) {
		if (!/^[A-Z]/.test(dotted)) {
			return null;
		}
		for (const path of ctx.imports.wildcards) {
			if (match(`${path}.${dotted}`) !== undefined) {
				return `${path}.${dotted}`;
			}
		}
		return null;
	}
	const path = ctx.imports.aliases.get(dotted.slice(0, dot));
	return path === undefined ? null : path + dotted.slice(dot);
}

function firstArg(node: TsNode): string | null {
	const arg = node.childForFieldName('arguments')?.firstNamedChild;
	return arg?.type === 'interpreted_string_literal' || arg?.type === 'raw_string_literal' ? leadingString(arg.text.replace(/`/g, '"')) : null;
}

/** The struct fields and variables a file declares with type `crypto.Hash` (`Hash crypto.Hash`). */
const HASH_FIELDS = new WeakMap<Ctx, ReadonlySet<string>>();

function hashFields(ctx: Ctx): ReadonlySet<string> {
	let fields = HASH_FIELDS.get(ctx);
	if (fields === undefined) {
		const alias = [...ctx.imports.aliases].find(([, path]) => path === 'crypto')?.[0];
		const names = new Set<string>();
		if (alias !== undefined) {
			for (const m of ctx.source.masked().matchAll(new RegExp(String.raw`(?:^|[\t ,(]|\bvar[ \t]+)(\w+)[ \t]+\*?${alias}\.Hash\b`, 'gm'))) {
				names.add(m[1]);
			}
		}
		fields = names;
		HASH_FIELDS.set(ctx, fields);
	}
	return fields;
}

/** An argument that is a token endpoint: `c.conf.TokenURL`, `tokenURL`. */
const TOKEN_URL = /^(?:[\w.]+\.)?(?:TokenURL|tokenURL|TokenEndpoint|tokenEndpoint)$/;

/**
 * Calls no import resolves, known by name and arguments: `m.Hash.New()` on a `crypto.Hash` field (a hash for a
 * signature), `ParseKey(conf.PrivateKey)` (key material parsed), a call given the token endpoint
 * (`RetrieveToken(ctx, id, secret, conf.TokenURL, …)`, `hc.PostForm(conf.TokenURL, v)`: OAuth token exchange).
 */
function namedCall(ctx: Ctx, node: TsNode, dotted: string): void {
	const parts = dotted.split('.');
	const method = parts[parts.length - 1];
	const args = node.childForFieldName('arguments')?.namedChildren ?? [];
	if (method === 'New' && parts.length >= 2 && args.length === 0 && hashFields(ctx).has(parts[parts.length - 2])) {
		emit(ctx, node.startIndex, 'crypto', dotted, 'Hash created (crypto.Hash)');
	} else if (/^Parse\w*Key\w*$/.test(method) && args.some((a) => mentionsKeyMaterial(a.text) || /PrivateKey|PublicKey/.test(a.text))) {
		emit(ctx, node.startIndex, 'crypto', dotted, 'Key parsed');
	} else if (/^(?:\w*Token\w*|Post|PostForm)$/.test(method) && args.some((a) => TOKEN_URL.test(a.text))) {
		emit(ctx, node.startIndex, 'auth', dotted, 'OAuth token requested from the token endpoint');
	}
}

function visitCall(node: TsNode, ctx: Ctx): void {
	const fn = node.childForFieldName('function');
	const dotted = fn === null ? null : dottedText(fn.text);
	if (dotted === null) {
		return;
	}
	const qualified = resolve(ctx, dotted);
	if (qualified !== null && ENV.has(qualified)) {
		reportEnv(ctx, node.startIndex, qualified, firstArg(node));
	} else if (qualified !== null && FILE_READERS.has(qualified)) {
		reportKeyFileRead(ctx, node.startIndex, qualified, node.childForFieldName('arguments')?.firstNamedChild?.text, assignedNames(node));
	} else if (!reportCall(ctx, node.startIndex, qualified, dotted.slice(dotted.lastIndexOf('.') + 1), TABLES)) {
		namedCall(ctx, node, dotted);
	}
}

function visitLiteral(node: TsNode, ctx: Ctx): void {
	const type = node.childForFieldName('type');
	const dotted = type?.type === 'qualified_type' ? dottedText(type.text) : null;
	const qualified = dotted === null ? null : resolve(ctx, dotted);
	if (qualified === 'crypto/tls.Config') {
		emit(ctx, node.startIndex, 'tls', qualified, 'TLS configuration');
	}
}

/** `InsecureSkipVerify: true` (in any literal) or `x.InsecureSkipVerify = true`, in a file that imports crypto/tls. */
function visitInsecure(node: TsNode, ctx: Ctx): void {
	const text = node.text;
	if (/^InsecureSkipVerify\s*:\s*true$|\.InsecureSkipVerify\s*=\s*true$/.test(text) && ctx.imports.has('crypto/tls')) {
		emit(ctx, node.startIndex, 'tls', 'crypto/tls.Config.InsecureSkipVerify', 'Certificate validation disabled');
	}
}

function collect(node: TsNode, ctx: Ctx, queue: TsNode[]): void {
	switch (node.type) {
		case 'import_spec': {
			const path = node.childForFieldName('path')?.text.slice(1, -1);
			if (path !== undefined) {
				addImport(ctx, node.childForFieldName('name')?.text, path);
			}
			break;
		}
		case 'call_expression':
		case 'composite_literal':
			queue.push(node);
			break;
		case 'keyed_element':
		case 'assignment_statement':
			if (node.text.includes('InsecureSkipVerify')) {
				queue.push(node);
			}
			break;
		default:
	}
}

function visit(node: TsNode, ctx: Ctx): void {
	if (node.type === 'call_expression') {
		visitCall(node, ctx);
	} else if (node.type === 'composite_literal') {
		visitLiteral(node, ctx);
	} else {
		visitInsecure(node, ctx);
	}
}

function lexImports(ctx: Ctx, start: number, end: number): void {
	const text = ctx.source.file.text;
	for (const m of matchesIn(/^[ \t]*(?:import[ \t]+\(?[ \t]*)?(\w+|\.)?[ \t]*"([\w.\-/]+)"[ \t]*\)?[ \t]*$/gm, text, start, end)) {
		addImport(ctx, m[1], m[2]);
	}
}

function lexical(ctx: Ctx, start: number, end: number): void {
	const masked = ctx.source.masked();
	const text = ctx.source.file.text;
	for (const call of lexicalCalls(masked, start, end)) {
		const qualified = resolve(ctx, call.name);
		if (qualified !== null && ENV.has(qualified)) {
			reportEnv(ctx, call.offset, qualified, leadingString(text.slice(call.argsAt, call.argsAt + 210).replace(/`/g, '"')));
		} else if (qualified !== null && FILE_READERS.has(qualified)) {
			const line = masked.lastIndexOf('\n', call.offset) + 1;
			const target = /^\s*([\w\s,]+?)\s*:?=\s*$/.exec(masked.slice(line, call.offset))?.[1] ?? null;
			reportKeyFileRead(ctx, call.offset, qualified, /^[^)\n]*/.exec(text.slice(call.argsAt))?.[0], target);
		} else {
			reportCall(ctx, call.offset, qualified, call.name.slice(call.name.lastIndexOf('.') + 1), TABLES);
		}
	}
	for (const m of matchesIn(/\b(\w+)\.Config\s*\{/g, masked, start, end)) {
		if (resolve(ctx, `${m[1]}.Config`) === 'crypto/tls.Config') {
			emit(ctx, m.index, 'tls', 'crypto/tls.Config', 'TLS configuration');
		}
	}
	for (const m of matchesIn(/\bInsecureSkipVerify\s*[:=]\s*true\b/g, masked, start, end)) {
		if (ctx.imports.has('crypto/tls')) {
			emit(ctx, m.index, 'tls', 'crypto/tls.Config.InsecureSkipVerify', 'Certificate validation disabled');
		}
	}
}

/** Go: crypto/*, golang.org/x/crypto, securecookie, crypto/tls (InsecureSkipVerify), JWT libraries, secret env and key file reads. */
export const GO_SPEC: LanguageSpec = {
	id: 'go',
	languages: ['go'],
	prefilter: /crypto|securecookie|tls|TLS|jwt|Getenv|LookupEnv|jwx|ReadFile|Parse\w*Key|TokenURL|tokenURL|[Tt]okenEndpoint/,
	collect,
	visit,
	lexImports,
	lexical,
};
