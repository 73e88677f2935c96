import type { TsNode } from '../../scope/treeSitterNames';
import { isSecretName, SECURITY_PHRASE } from '../names';
import {
	type Ctx,
	dottedText,
	emit,
	type LanguageSpec,
	leadingString,
	lexicalCalls,
	matchesIn,
	reportCall,
	reportEnv,
	resolveHead,
} from './common';
import { ENV, HTTP_LIBS, METHODS, REFS, RETURNS, RULES, WILDCARD_NAMES } from './pythonTables';

const TABLES = { rules: RULES, methods: METHODS };
/** `h.sha256` → `hashlib.sha256` through variables, imports and wildcard imports. */
function resolve(ctx: Ctx, dotted: string): string | null {
	const { bound } = resolveHead(ctx, dotted);
	if (bound !== null) {
		return bound;
	}
	for (const module of ctx.imports.wildcards) {
		if (WILDCARD_NAMES.has(`${module}.${dotted}`)) {
			return `${module}.${dotted}`;
		}
	}
	return null;
}

/** The type a call returns, when known: `ssl.create_default_context()` → `ssl.SSLContext`, `Fernet(k)` → Fernet. */
function callResult(qualified: string | null, firstArg: string | null): string | null {
	if (qualified === null) {
		return null;
	}
	if (qualified === 'logging.getLogger') {
		return firstArg !== null && /audit|security/i.test(firstArg) ? 'logging.AuditLogger' : firstArg !== null ? 'logging.Logger' : null;
	}
	const known = RETURNS.get(qualified);
	if (known !== undefined) {
		return known;
	}
	const last = qualified.slice(qualified.lastIndexOf('.') + 1);
	return /^[A-Z]/.test(last) ? qualified : null;
}

function stringValue(node: TsNode | null | undefined): string | null {
	return node?.type === 'string' ? leadingString(node.text) : null;
}

function firstArgOf(call: TsNode): string | null {
	return leadingLiteral(call.childForFieldName('arguments')?.firstNamedChild);
}

/** The literal text a string expression starts with: `'a'`, `'a.%s' % x`, `'a' + b`, `f'a {x}'`, `'a {}'.format(x)`. */
function leadingLiteral(node: TsNode | null | undefined): string | null {
	if (node === null || node === undefined) {
		return null;
	}
	switch (node.type) {
		case 'string':
			return stringValue(node);
		case 'binary_operator':
			return leadingLiteral(node.childForFieldName('left'));
		case 'concatenated_string':
			return leadingLiteral(node.firstNamedChild);
		case 'call': {
			const fn = node.childForFieldName('function');
			return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' ? leadingLiteral(fn.childForFieldName('object')) : null;
		}
		default:
			return null;
	}
}

const LOG_METHODS = new Set(['info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);
/** Receivers that are loggers by name: `logger`, `log`, `self._logger`, `security_log`, `LOGGER`. */
const LOGGER_NAME = /^(?:self\.|cls\.)?_?(?:\w*_)?(?:log|logger)$/i;

/** `logger.warning('Login failed for %s', user)`: a log call whose message is a security event. */
function securityEventLog(ctx: Ctx, node: TsNode, fn: TsNode | null, qualified: string | null, method: string): void {
	if (qualified === 'django.utils.log.log_response') {
		const message = leadingLiteral(node.childForFieldName('arguments')?.firstNamedChild);
		const phrase = message === null ? null : SECURITY_PHRASE.exec(message);
		if (phrase !== null) {
			emit(ctx, node.startIndex, 'logging', qualified, `Security event logged: '${phrase[0]}'`);
		}
		return;
	}
	if (fn?.type !== 'attribute' || !LOG_METHODS.has(method) || qualified?.startsWith('logging.AuditLogger') === true) {
		return;
	}
	const receiver = fn.childForFieldName('object')?.text ?? '';
	if (qualified !== `logging.${method}` && !LOGGER_NAME.test(receiver) && !(ctx.vars.get(receiver) ?? '').startsWith('logging')) {
		return;
	}
	const args = node.childForFieldName('arguments')?.namedChildren ?? [];
	const message = leadingLiteral(method === 'log' ? args[1] : args[0]);
	const phrase = message === null ? null : SECURITY_PHRASE.exec(message);
	if (phrase !== null) {
		emit(ctx, node.startIndex, 'logging', `${receiver}.${method}`, `Security event logged: '${phrase[0]}'`);
	}
}

/** The qualified name of a call's callee (`a.b(…)`, or `f(x).m(…)` through the inner call's result). */
function calleeName(ctx: Ctx, fn: TsNode | null): string | null {
	if (fn === null) {
		return null;
	}
	if (fn.type === 'identifier' || fn.type === 'attribute') {
		const dotted = dottedText(fn.text);
		if (dotted !== null) {
			return resolve(ctx, dotted);
		}
	}
	const object = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
	if (object?.type === 'call') {
		const inner = callResult(calleeName(ctx, object.childForFieldName('function')), firstArgOf(object));
		const attr = fn.childForFieldName('attribute');
		return inner === null || attr === null ? null : `${inner}.${attr.text}`;
	}
	return null;
}

/** Identifiers (`key`, `self.secret_key`, `private_key`) that hold key material or a credential. */
const KEY_ARG = /^(?:\w+\.)*_?(?:key|secret|\w*_key|\w*secret\w*|\w*passw(?:or)?d\w*)$/i;
/** A receiver that is a JWS/JWT API object by its name: `api_jws`, `jws`, `self._jwt`. */
const JWT_RECEIVER = /^(?:\w+\.)*_?(?:api_)?jw[stek]$/i;
/** Callees that are hash functions held in a variable or attribute: `hasher`, `self.digest_method`. */
const HASH_CALLEE = /^(?:\w+\.)*_?(?:hasher|digest_?method|digestmod|hash_?func(?:tion)?|hash_?method)$/i;

/** Argument expressions of a call (keyword arguments by their value). */
function argValues(node: TsNode): TsNode[] {
	return (node.childForFieldName('arguments')?.namedChildren ?? []).map((a) => (a.type === 'keyword_argument' ? (a.childForFieldName('value') ?? a) : a));
}

/**
 * Calls that no import resolves, known by what they are called and what they are given:
 * `alg.sign(data, key)`/`alg.verify(data, key, sig)` (a signature primitive given a key), `alg.prepare_key(key)`,
 * `api_jws.encode(payload, key)` (a whole token), `hasher(salt + secret)` (a secret hashed into a key),
 * `conn.login(user, password)` (credentials sent to a server).
 */
function namedCall(ctx: Ctx, node: TsNode, fn: TsNode | null, method: string): void {
	const args = argValues(node);
	const callee = fn === null ? '' : (dottedText(fn.text) ?? '');
	const receiver = fn?.type === 'attribute' ? (dottedText(fn.childForFieldName('object')?.text ?? '') ?? '') : '';
	const keyArg = args.some((a) => KEY_ARG.test(a.text));
	if (JWT_RECEIVER.test(receiver) && (method === 'decode_complete' || (/^(?:encode|decode|sign|verify)$/.test(method) && keyArg))) {
		emit(ctx, node.startIndex, 'auth', callee, 'JWT signed or verified');
	} else if (receiver !== '' && ((/^(?:sign|verify)$/.test(method) && keyArg) || (method === 'prepare_key' && args.length > 0))) {
		emit(ctx, node.startIndex, 'crypto', callee, method === 'prepare_key' ? 'Key prepared for signing or verification' : 'Signature created or verified with a key');
	} else if (HASH_CALLEE.test(callee) && args.some((a) => /\b\w*(?:secret|key)\b/i.test(a.text) && a.text.split(/\W+/).some(isSecretName))) {
		emit(ctx, node.startIndex, 'crypto', callee, 'Secret hashed (key derivation)');
	} else if (receiver !== '' && /^(?:login|authenticate|auth_plain|auth_login)$/.test(method) && args.some((a) => /passw(?:or)?d|secret/i.test(a.text))) {
		emit(ctx, node.startIndex, 'auth', callee, 'Credentials sent to a server');
	}
}

function visitCall(node: TsNode, ctx: Ctx): void {
	const fn = node.childForFieldName('function');
	const qualified = calleeName(ctx, fn);
	const method = fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : (fn?.text ?? '');
	if (node.parent?.type !== 'decorator') {
		if (qualified !== null && ENV.has(qualified)) {
			reportEnv(ctx, node.startIndex, qualified, firstArgOf(node));
		} else {
			if (!reportCall(ctx, node.startIndex, qualified, method, TABLES) && qualified === null) {
				namedCall(ctx, node, fn, method);
			}
			securityEventLog(ctx, node, fn, qualified, method);
		}
	}
	for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
		const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
		const value = arg.childForFieldName('value');
		if ((name === 'verify' || name === 'ssl') && value?.type === 'false' && HTTP_LIBS.some((lib) => ctx.imports.has(lib))) {
			emit(ctx, arg.startIndex, 'tls', `${qualified ?? method}(${name}=False)`, 'Certificate validation disabled');
		}
	}
}

function visitAssignment(node: TsNode, ctx: Ctx): void {
	const left = node.childForFieldName('left');
	const right = node.childForFieldName('right');
	if (left === null || right === null) {
		return;
	}
	if (left.type === 'identifier' && right.type === 'call' && right.childForFieldName('function')?.text === 'getattr') {
		// `hasher = getattr(hashlib, algorithm)`: a member of an imported module chosen at run time.
		const module = resolve(ctx, right.childForFieldName('arguments')?.firstNamedChild?.text ?? '');
		if (module !== null) {
			ctx.vars.set(left.text, `${module}.getattr`);
		}
	} else if (left.type === 'identifier' && right.type === 'call') {
		const type = callResult(calleeName(ctx, right.childForFieldName('function')), firstArgOf(right));
		if (type !== null) {
			ctx.vars.set(left.text, type);
		}
	}
	if (left.type === 'identifier' && left.text === 'permission_classes' && ctx.imports.has('rest_framework')) {
		emit(ctx, node.startIndex, 'access-control', 'rest_framework.permission_classes', 'API permission policy');
	}
	if (left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'check_hostname' && right.type === 'false' && ctx.imports.has('ssl')) {
		emit(ctx, node.startIndex, 'tls', 'ssl.SSLContext.check_hostname', 'Certificate hostname check disabled');
	}
}

function visitDecorator(node: TsNode, ctx: Ctx): void {
	const expr = node.firstNamedChild;
	const target = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
	const dotted = target === null || target === undefined ? null : dottedText(target.text);
	const qualified = dotted === null ? null : resolve(ctx, dotted);
	const rule = qualified === null ? undefined : RULES.match(qualified);
	if (rule !== undefined && qualified !== null) {
		emit(ctx, node.startIndex, rule.category, qualified, rule.what);
	}
}

function visitReference(node: TsNode, ctx: Ctx): void {
	if (node.type === 'subscript') {
		const value = dottedText(node.childForFieldName('value')?.text ?? '');
		if (value !== null && resolve(ctx, value) === 'os.environ') {
			reportEnv(ctx, node.startIndex, 'os.environ', stringValue(node.childForFieldName('subscript')));
		}
		return;
	}
	const dotted = dottedText(node.text);
	const qualified = dotted === null ? null : resolve(ctx, dotted);
	const rule = qualified === null ? undefined : REFS.match(qualified);
	if (rule !== undefined && qualified !== null) {
		emit(ctx, node.startIndex, rule.category, qualified, rule.what);
	} else if (dotted !== null) {
		namedReference(ctx, node.startIndex, dotted, isWritten(node));
	}
}

/** True when an attribute is the target of an assignment (`settings.SECRET_KEY = …`). */
function isWritten(node: TsNode): boolean {
	const parent = node.parent;
	return (parent?.type === 'assignment' || parent?.type === 'augmented_assignment') && parent.childForFieldName('left')?.id === node.id;
}

/** Settings objects: Django's `settings`, Flask's `app.config` is a mapping (read through subscripts). */
const SETTINGS_HEAD = /^(?:\w+\.)*(?:settings|conf|config)\.(\w+)$/;

/**
 * Attributes read by name: `user.is_authenticated` (Django, Flask-Login: the authenticated state),
 * `settings.SECRET_KEY`/`settings.EMAIL_HOST_PASSWORD` (a secret read from configuration).
 */
function namedReference(ctx: Ctx, offset: number, dotted: string, written: boolean): void {
	if (written) {
		return;
	}
	if (dotted.endsWith('.is_authenticated')) {
		emit(ctx, offset, 'auth', 'is_authenticated', 'Authentication check');
		return;
	}
	const setting = SETTINGS_HEAD.exec(dotted);
	if (setting !== null && isSecretName(setting[1])) {
		emit(ctx, offset, 'secrets', dotted, `Secret read from settings (${setting[1]})`);
	}
}

/** `import a.b as c`, `from a import b as c, d`, `from a import *`. */
function addImport(ctx: Ctx, module: string | null, names: string): void {
	for (const part of names.replace(/[()]/g, '').split(',')) {
		const m = /^\s*([\w.]+|\*)(?:\s+as\s+(\w+))?\s*$/.exec(part);
		if (m === null) {
			continue;
		}
		const [, name, alias] = m;
		if (module === null) {
			const local = alias ?? name.split('.')[0];
			ctx.imports.aliases.set(local, alias === undefined ? local : name);
		} else if (name === '*') {
			ctx.imports.wildcards.add(module);
		} else {
			ctx.imports.aliases.set(alias ?? name, `${module}.${name}`);
		}
	}
}

function collectImport(node: TsNode, ctx: Ctx): void {
	const text = node.text.replace(/\\\r?\n/g, ' ').replace(/#[^\n]*/g, '');
	const m = /^from\s+([\w.]+)\s+import\s+([\s\S]*)$|^import\s+([\s\S]*)$/.exec(text);
	if (m === null) {
		return;
	}
	if (m[3] !== undefined) {
		addImport(ctx, null, m[3]);
	} else if (!m[1].startsWith('.')) {
		addImport(ctx, m[1], m[2]);
	}
}

const QUEUED = new Set(['call', 'decorator', 'assignment', 'subscript']);
const REF_NAMES = /(?:^|\.)\s*(?:CERT_NONE|is_authenticated|SMTP_SSL|IMAP4_SSL|POP3_SSL|FTP_TLS)$|(?:settings|conf|config)\s*\.\s*\w+$/;

function collect(node: TsNode, ctx: Ctx, queue: TsNode[]): void {
	if (node.type === 'import_statement' || node.type === 'import_from_statement') {
		collectImport(node, ctx);
	} else if (QUEUED.has(node.type)) {
		queue.push(node);
	} else if (node.type === 'attribute' && REF_NAMES.test(node.text) && node.parent?.childForFieldName('function')?.id !== node.id) {
		queue.push(node);
	}
}

function visit(node: TsNode, ctx: Ctx): void {
	switch (node.type) {
		case 'call':
			visitCall(node, ctx);
			break;
		case 'assignment':
			visitAssignment(node, ctx);
			break;
		case 'decorator':
			visitDecorator(node, ctx);
			break;
		default:
			visitReference(node, ctx);
	}
}

function lexImports(ctx: Ctx, start: number, end: number): void {
	const re = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?import[ \t]+(\([^)]*\)|[^\n;]*)/gm;
	for (const m of matchesIn(re, ctx.source.masked(), start, end)) {
		if (m[1] === undefined || !m[1].startsWith('.')) {
			addImport(ctx, m[1] ?? null, m[2]);
		}
	}
}

function lexical(ctx: Ctx, start: number, end: number): void {
	const masked = ctx.source.masked();
	const text = ctx.source.file.text;
	for (const call of lexicalCalls(masked, start, end)) {
		const qualified = resolve(ctx, call.name);
		const arg = leadingString(text.slice(call.argsAt, call.argsAt + 210));
		if (qualified !== null && ENV.has(qualified)) {
			reportEnv(ctx, call.offset, qualified, arg);
		} else if (masked[call.offset - 1] === '@') {
			visitLexicalDecorator(ctx, call.offset - 1, qualified);
		} else {
			reportCall(ctx, call.offset, qualified, call.name.slice(call.name.lastIndexOf('.') + 1), TABLES);
		}
	}
	for (const m of matchesIn(/@\s*([\w.]+)\s*$/gm, masked, start, end)) {
		visitLexicalDecorator(ctx, m.index, resolve(ctx, m[1]));
	}
	for (const m of matchesIn(/([\w.]+)\s*\[/g, masked, start, end)) {
		if (resolve(ctx, m[1]) === 'os.environ') {
			reportEnv(ctx, m.index, 'os.environ', leadingString(text.slice(m.index + m[0].length, m.index + m[0].length + 210)));
		}
	}
	for (const m of matchesIn(/\b(verify|ssl)\s*=\s*False\b/g, masked, start, end)) {
		if (HTTP_LIBS.some((lib) => ctx.imports.has(lib))) {
			emit(ctx, m.index, 'tls', `${m[1]}=False`, 'Certificate validation disabled');
		}
	}
	for (const m of matchesIn(/[\w.]+\.check_hostname\s*=\s*False\b/g, masked, start, end)) {
		if (ctx.imports.has('ssl')) {
			emit(ctx, m.index, 'tls', 'ssl.SSLContext.check_hostname', 'Certificate hostname check disabled');
		}
	}
	for (const m of matchesIn(/[\w.]+\.(?:CERT_NONE|is_authenticated|SMTP_SSL|IMAP4_SSL|POP3_SSL|FTP_TLS)\b(?!\s*\()/g, masked, start, end)) {
		const qualified = resolve(ctx, m[0]);
		const rule = qualified === null ? undefined : REFS.match(qualified);
		if (rule !== undefined && qualified !== null) {
			emit(ctx, m.index, rule.category, qualified, rule.what);
		} else {
			namedReference(ctx, m.index, m[0], false);
		}
	}
	for (const m of matchesIn(/(?<![\w.])(?:\w+\.)*(?:settings|conf|config)\.\w+\b(?!\s*(?:\(|=[^=]))/g, masked, start, end)) {
		namedReference(ctx, m.index, m[0], false);
	}
}

function visitLexicalDecorator(ctx: Ctx, offset: number, qualified: string | null): void {
	const rule = qualified === null ? undefined : RULES.match(qualified);
	if (rule !== undefined && qualified !== null) {
		emit(ctx, offset, rule.category, qualified, rule.what);
	}
}

/** Python: hashlib/hmac/secrets, cryptography, PyCryptodome, bcrypt, passlib, JWT, ssl, TLS mail clients, Flask-Login, Django, env secrets. */
export const PYTHON_SPEC: LanguageSpec = {
	id: 'python',
	languages: ['python'],
	prefilter:
		/hashlib|hmac|secrets|is_authenticated|settings\.|conf(?:ig)?\.|\.sign\(|\.verify\(|prepare_key|jw[st]|hasher|digest_?method|digestmod|hash_?func|\.login\(|itsdangerous|urandom|smtplib|imaplib|poplib|ftplib|SystemRandom|cryptography|Crypto|nacl|bcrypt|passlib|argon2|jwt|jose|ssl|verify|flask_login|django|rest_framework|environ|getenv|boto3|hvac|logging/,
	collect,
	visit,
	lexImports,
	lexical,
};
