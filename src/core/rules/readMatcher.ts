/** The `read` kind: secrets read by key from environment and configuration objects. */
import { escapeRegExp as escape } from '../detection/custom/calls';
import { isSecretName, nameWords } from '../detection/names';
import { lineHead } from '../text/lineIndex';
import type { ReadMatch } from './model';
import { WordSet, type FileView, type Hit, type Matcher, type StringLiteral } from './view';


/** `Jwt:Key`, `${jwt.secret}`, `db-password` → `Jwt_Key`, `jwt_secret`, `db_password`. */
function normalKey(key: string): string {
	return key.replace(/^\$\{|\}$/g, '').replace(/[:.\-/]/g, '_');
}

/** What a secret key's last word is: `db_password`, `Jwt:Key`, `hmacSecret`, `adminPW`, `smtp_pass` (not `password_ldap_host`). */
const SECRET_LAST_WORD = /(?:secrets?|passw(?:or)?ds?|pwd|pw|pass|tokens?|apikey|credentials?|passphrase|dsn|salt)$/;
/** Words that end in `pass` and name no password (`cache_bypass`, `compass`, a multi-pass render). */
const PASS_WORDS = /(?:by|com|sur|over|under|tres|multi|single|one|two|first|second|render|shadow)pass$/;
/** Words that make a `…_key` a secret: `des_key`, `signing_key`, `Jwt:Key` (not `cache_key`, `sort_key`). */
const KEY_QUALIFIERS = new Set([
	'des', 'aes', 'private', 'priv', 'secret', 'signing', 'encryption', 'encrypt', 'api', 'access', 'auth', 'session', 'hmac', 'master', 'crypto',
	'jwt', 'client', 'app', 'stek', 'ssh', 'gpg', 'pgp', 'license', 'consumer', 'validation', 'cookie', 'csrf', 'token', 'webhook', 'https', 'ssl', 'tls',
	'admin', 'shared', 'mac', 'root', 'sign', 'cipher',
]);

/** A cheap first look before a key's words are taken apart. */
const SECRETISH = /secret|pass|pw|pwd|token|key|credential|dsn|salt|tok/i;

/** First words of names that are actions or settings about a secret, not the secret (`validatePassword`, `allow_rescope_token`). */
const NOT_SECRET_FIRST = new Set([
	'validate', 'verify', 'check', 'generate', 'hash', 'reset', 'change', 'set', 'get', 'is', 'has', 'allow', 'require', 'send', 'resend',
	'min', 'max', 'show', 'force', 'confirm', 'enable', 'disable', 'use', 'expire', 'rotate', 'revoke', 'create', 'update', 'delete',
	'encrypt', 'decrypt', 'new', 'remember', 'store', 'save', 'reuse', 'allows',
]);

/** Words before a secret's last word that make the key something found from the secret (`resource_owner_from_credentials`). */
const DERIVED_WORDS = new Set(['from', 'for', 'by', 'of']);

/** Words before a secret's last word that make the key a policy or flag about it. */
const POLICY_WORDS = new Set([
	'allow', 'allowed', 'empty', 'min', 'max', 'require', 'required', 'force', 'enable', 'enabled', 'disable', 'disabled', 'show', 'hide', 'expire', 'length',
	// a feature or its hooks about a secret (`auth.forgotPassword`, `hooks.afterForgotPassword`)
	'forgot', 'lost', 'after', 'before',
]);

/** Words before a token that make it a piece of syntax (`blockCommentStartToken`, `lineCommentToken`, `bracket_token`), not a credential. */
const SYNTAX_WORDS = new Set(['comment', 'bracket', 'delimiter', 'separator', 'lexer', 'syntax', 'quote']);

/** First words that make a key a flag even before a qualified key (`useAPIKey`, `enable_api_key`), unlike a vendor's name (`resend_api_key`). */
const FLAG_FIRST = new Set(['use', 'is', 'has', 'enable', 'disable', 'allow', 'allows', 'require', 'show', 'force', 'min', 'max']);

/** Words of an object name that make it a table of names, or a record about a secret, not configuration (`SecretName.clientSecret`, `KeyType.private_key`, `secret_dto.secret`, `secret_metadata['…_key']`). */
const NOT_CONTAINER = new Set(['name', 'names', 'type', 'types', 'kind', 'kinds', 'enum', 'label', 'labels', 'field', 'fields', 'dto', 'metadata', 'meta', 'model', 'entity', 'record']);

/**
 * First words of an object name that make it what a user sent, not the application's configuration
 * (`loginSettings.password`, `formConfig.token`, `newSettings.password`): reading it reads no stored secret.
 */
const USER_INPUT_FIRST = new Set(['login', 'signin', 'signup', 'register', 'registration', 'form', 'input', 'request', 'req', 'body', 'params', 'payload', 'new', 'old', 'submitted', 'posted']);

/** Last words that only say how a secret is written down (`SECRET_KEY_BASE`, `JWT_SECRET_B64`, `PRIVATE_KEY_PEM`). */
const CARRIER_WORDS = new Set(['base', 'b64', 'base64', 'hex', 'pem', 'der', 'raw', 'bytes', 'value', 'encoded']);

/** A configuration key that names a secret: secret-like, and the secret is what it names (its last word). */
export function isSecretKey(key: string): boolean {
	const normal = normalKey(key);
	const all = nameWords(normal);
	const words = all.length > 2 && CARRIER_WORDS.has(all[all.length - 1]) ? all.slice(0, -1) : all;
	const last = words[words.length - 1];
	const keyWord = last === 'key' || last === 'keys';
	const qualifiedKey = keyWord && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2]);
	// `resend_api_key`, `send_grid_secret_key`: a vendor's name in front of a qualified key is no action about it.
	const actionFirst = FLAG_FIRST.has(words[0]) || (NOT_SECRET_FIRST.has(words[0]) && !(qualifiedKey && words.length > 2));
	// CGI and server variables carry the request's own credentials (`PHP_AUTH_PW`, `REMOTE_PASSWORD`), not configuration.
	if (words.length === 0 || actionFirst || /^(?:PHP_AUTH|REMOTE|HTTP)_[A-Z_]+$/.test(normal) || /_(?:EXPIRY|EXPIRES(?:_IN)?|TTL|TIMEOUT|LIFETIME|LENGTH|URL|URI|ENDPOINT|HEADER)$/i.test(normal)) {
		return false;
	}
	// A policy or flag about a secret (`auth_ldap_allow_empty_pw`, `min_password`), what is derived from one
	// (`resource_owner_from_credentials`, `user_for_token`), or a token of a language's syntax: not the secret.
	if (words.slice(0, -1).some((w) => POLICY_WORDS.has(w) || DERIVED_WORDS.has(w) || SYNTAX_WORDS.has(w))) {
		return false;
	}
	if (keyWord) {
		return qualifiedKey;
	}
	return SECRET_LAST_WORD.test(last) && !PASS_WORDS.test(last) && (isSecretName(normal) || /(?:pw|pass)$/.test(last));
}

const BEFORE_INDEX = /([A-Za-z_$][\w$]*)\s*\[\s*$/;
/** An index into a nested configuration array: `$cfg['Server'][`, `$GLOBALS['cfg']['Server'][`, `config["smtp"][` (strings kept). */
const BEFORE_NESTED = /([A-Za-z_$][\w$]*)\s*\[\s*(['"]?)([\w$.:-]{1,40})\2\s*\]((?:\s*\[[^[\]\n]{1,60}\]){0,2})\s*\[\s*$/;
/** Superglobals whose first key names the array (`$GLOBALS['cfg']`). */
const GLOBAL_ARRAYS = new Set(['GLOBALS', '$GLOBALS']);
const BEFORE_GETTER = /([A-Za-z_$][\w$]*)\s*(?:\(\s*\)\s*)?(?:\.|->|::|\?\.)\s*([A-Za-z_$][\w$]*)\s*\(\s*$/;
const BEFORE_GLOBAL = /(?<![.>:\w$])([A-Za-z_$][\w$]*)\s*\(\s*$/;

export function readMatcher(m: ReadMatch): Matcher {
	const objects = new WordSet(m.objects);
	const getters = new Set(m.getters);
	const globals = new Set(m.globals);
	const keyRe = m.key === 'secret' ? null : new RegExp(m.key, 'i');
	const isKey = (k: string): boolean => (keyRe === null ? SECRETISH.test(k) && isSecretKey(k) : keyRe.test(k));
	const isObject = (name: string): boolean => {
		const w = nameWords(name);
		return objects.any(w) && !w.some((x) => NOT_CONTAINER.has(x)) && !(w.length > 1 && USER_INPUT_FIRST.has(w[0]));
	};
	const objectNames = m.objects.map((o) => escape(o.replace(/\*$/, '')));
	// The whole member chain: `CONF.token.allow_rescope` reads `allow_rescope` of a group, not a token.
	const objectWord = new RegExp(objectNames.join('|'), 'gi');
	return (view) => {
		const out: Hit[] = [];
		for (const s of view.strings()) {
			if (s.content.length > 80 || !isKey(s.content) || presenceOrWrite(view, s)) {
				continue;
			}
			const before = view.code.slice(Math.max(0, s.start - 120), s.start);
			const index = BEFORE_INDEX.exec(before);
			const getter = index === null ? BEFORE_GETTER.exec(before) : null;
			const global = index === null && getter === null ? BEFORE_GLOBAL.exec(before) : null;
			const nested = index !== null ? null : nestedObject(view.codeAndStrings.slice(Math.max(0, s.start - 160), s.start), isObject);
			if (nested !== null) {
				out.push({ offset: s.start - nested.back, api: `${nested.object}[…][${s.content}]` });
			} else if ((index !== null && isObject(index[1])) || (getter !== null && (((isObject(getter[1]) || globals.has(getter[2].toLowerCase())) && (getters.has(getter[2].toLowerCase()) || globals.has(getter[2].toLowerCase()))) || (m.members !== false && (isConfigGetter(getter[2]) || (getters.has(getter[2].toLowerCase()) && DOTTED_KEY.test(s.content))))))) {
				const obj = (index ?? getter)?.[1];
				out.push({ offset: s.start - before.length + (index ?? getter)!.index, api: `${obj}[${s.content}]` });
			} else if (global !== null && (globals.has(global[1].toLowerCase()) || isConfigGetter(global[1]))) {
				out.push({ offset: s.start - before.length + global.index, api: `${global[1]}(${s.content})` });
			}
		}
		if (m.members !== false) {
			out.push(...memberReads(view.code, objectWord, isObject, isKey), ...destructured(view.code, isObject, isKey));
		}
		return out;
	};
}

/** A key tested for presence (`empty($cfg['a']['secret'])`, `isset(…)`) or written (`$cfg['a']['password'] = …`): no secret read. */
function presenceOrWrite(view: FileView, s: StringLiteral): boolean {
	const after = view.codeAndStrings.slice(s.end, s.end + 40);
	const headStart = lineHead(view.code, s.start, 160);
	const head = view.code.slice(headStart, s.start);
	const read = READ_HEAD.exec(head);
	return /^\s*\]\s*(?:=(?!=)|\?\?=|[!=]==?\s*(?:''|""))/.test(after) || /\b(?:empty|isset)\s*\(\s*[$\w>.-]*(?:\s*\[[^[\]]*\])*\s*\[\s*$/.test(head)
		|| (read !== null && switchTest(view.code, headStart + read.index, s.end));
}

/**
 * A key read only as a condition or a number (`if (!$conf['autopasswd'])`, `if ($rc->config->get('newuserpassword'))`,
 * `read_config_option('secpass_expirepass') > 0`): a switch or a setting named after passwords, not a secret's value.
 * `start` is where the read's object chain starts, `keyEnd` where its key's literal ends.
 */
function switchTest(code: string, start: number, keyEnd: number): boolean {
	const close = /^\s*[\])]/.exec(code.slice(keyEnd, keyEnd + 40));
	if (close === null) {
		return false;
	}
	const end = keyEnd + close[0].length;
	return presenceTest(code, start, end) || NUMERIC_COMPARE.test(code.slice(end, end + 12));
}
/** The object chain and the `[` or `get(` a string key follows (`$this->rc->config->get(`, `$conf[`, `read_config_option(`). */
const READ_HEAD = /[$\w]+(?:\s*(?:->|\.|::|\?\.)\s*[$\w]+)*(?:\s*\(\s*\))?(?:\s*\[[^[\]]*\])*\s*(?:\[|\()\s*$/;
const NUMERIC_COMPARE = /^\s*[<>]=?\s*-?\d/;

/** The configuration array a nested index reads (`$cfg['Server']['password']`), and how far back its name starts. */
function nestedObject(before: string, isObject: (n: string) => boolean): { object: string; back: number } | null {
	const m = BEFORE_NESTED.exec(before);
	if (m === null) {
		return null;
	}
	const object = isObject(m[1]) ? m[1] : GLOBAL_ARRAYS.has(m[1]) && isObject(m[3]) ? m[3] : null;
	return object === null ? null : { object, back: before.length - m.index };
}

/** A key written as a configuration path (`core.trust_password`, `rbac.agent.private_key`): read by a getter, whatever the object is called. */
const DOTTED_KEY = /^[A-Za-z][\w-]*(?:\.[\w-]+)+$/;

/** A function that reads configuration by key: `getSettingsCache('x')`, `get_config('x')`, `config_get('x')`. */
function isConfigGetter(name: string): boolean {
	const w = nameWords(name);
	return w.some((x) => CONFIG_WORDS.has(x)) && w.some((x) => x === 'get' || x === 'read' || x === 'fetch' || x === 'load' || x === 'lookup');
}
const CONFIG_WORDS = new Set(['config', 'conf', 'cfg', 'settings', 'setting', 'env', 'environment', 'option', 'options', 'secret', 'secrets', 'param', 'params']);

const MEMBER_CHAIN = /((?:\s*(?:\.|->|\?\.)\s*[A-Za-z_][\w$]*)+)\b(?!\s*[(=][^=])/y;
const SYMBOL_INDEX = /\s*\[\s*:([A-Za-z_]\w*)\s*\]/y;
/** A string index, as the code shows it (its literal blanked): `CONF[                     ].admin_password`. */
const SECTION_INDEX = /\s*\[[ \t]{3,64}\](?=\s*(?:\.|->|\?\.))/y;
const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);

/** `const { secret, jwtOptions } = this.configuration`, `let { clientSecret } =\n config.adConfig`: names taken from an object. */
const DESTRUCTURING = /\b(?:const|let|var)\s*\{([^{}]{1,400})\}\s*=\s*(?:await\s+)?([A-Za-z_$][\w$]*(?:\s*(?:\.|\?\.)\s*[A-Za-z_$][\w$]*){0,4})\s*(?![\w$.([])/g;

/** Secrets taken from a configuration or environment object by destructuring (JavaScript, TypeScript): found where the declaration starts. */
function destructured(code: string, isObject: (n: string) => boolean, isKey: (k: string) => boolean): Hit[] {
	if (!code.includes('{')) {
		return [];
	}
	const out: Hit[] = [];
	DESTRUCTURING.lastIndex = 0;
	for (let m = DESTRUCTURING.exec(code); m !== null; m = DESTRUCTURING.exec(code)) {
		const source = m[2].replace(/\s+/g, '');
		if (!source.split(/\??\./).some(isObject)) {
			continue;
		}
		// `{ secret, jwtOptions }`, `{ clientSecret: secret = '' }`: the property's name is the key.
		const keys = m[1].split(',').map((p) => /^\s*(?:\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(p)?.[1] ?? '').filter((k) => k !== '' && isKey(k));
		if (keys.length > 0) {
			out.push({ offset: m.index, api: `${source}.${keys[0]}` });
		}
	}
	return out;
}

/**
 * After a member chain: a Ruby predicate (`config.allows_restoring_secrets?`) is a flag, and a comparison with
 * a placeholder or nothing (`config.clientSecret === PASSWORD_REPLACEMENT`, `conf.password is None`) tests
 * whether a secret is set; neither reads it.
 */
function flagOrSentinel(code: string, end: number): boolean {
	return SENTINEL.test(code.slice(end, end + 60));
}
const SENTINEL = /^(?:\?(?![.?=])|\s*(?:[!=]==?|is(?:\s+not)?)\s*(?:_?[A-Z][A-Z0-9]*_[A-Z0-9_]*\b|None\b|null\b|nil\b|undefined\b|NULL\b)|\s*[!=]==?[ \t]{2,}(?=[)&|{;,:?\n]|and\b|or\b|then\b))/;

/**
 * A member only tested for being set, as an operand of a condition (`if (conf->psk_password)`,
 * `!config.tokens ||`, `… || conf->private_key_password)`, `typeof config.tokens`): the code asks whether a secret is configured.
 */
function presenceTest(code: string, start: number, end: number): boolean {
	// The object may be reached through a receiver (`!input.config.apiKey`): the test is before the whole chain.
	const before = code.slice(Math.max(0, start - 60), receiverStart(code, start));
	const after = code.slice(end, end + 20);
	return (PRESENCE_BEFORE.test(before) && PRESENCE_AFTER.test(after)) || NULL_TEST_AFTER.test(after) || /\b(?:typeof|del|delete)\s+$/.test(before) || SIZE_OR_FREE.test(before);
}
/** Where the receiver chain before `start` begins (`input.config.apiKey` → the offset of `input`), walking back over `name.`, `name?.` and `name->`. */
function receiverStart(code: string, start: number): number {
	const limit = Math.max(0, start - 60);
	const blanksBefore = (i: number): number => (i > limit && /\s/.test(code[i - 1]) ? blanksBefore(i - 1) : i);
	let at = start;
	for (;;) {
		let i = blanksBefore(at);
		const member = code[i - 1] === '.' ? (code[i - 2] === '?' ? 2 : 1) : code[i - 1] === '>' && code[i - 2] === '-' ? 2 : 0;
		const end = blanksBefore(i - member);
		i = end;
		while (member > 0 && i > limit && isIdentChar(code[i - 1])) {
			i--;
		}
		if (member === 0 || i === end) {
			return at;
		}
		at = i;
	}
}
/** A value compared with nothing (`config.apiKey !== undefined`, `opts.secret == null`, `cfg.password is None`, Go's `cfg.Secret.String() == ""`). */
const NULL_TEST_AFTER = /^\s*\)?\s*(?:[!=]==?\s*(?:undefined|null|nil|None|NULL)\b|is\s+(?:not\s+)?None\b|\.\s*String\s*\(\s*\)\s*[!=]=\s*(?:""|[ \t]{2,}(?=[)&|{;,\n])))/;
const PRESENCE_BEFORE = /(?:\b(?:if|elif|elsif|while|unless)\s*\(|\b(?:if|elif|elsif|unless)\s|&&|\|\||\bnot\s|\band\s|\bor\s)\s*[!*]*\s*$/;
/**
 * A secret's length measured, its emptiness tested or its memory freed or wiped (`len(opts.Password)`, `strlen(conf->psk)`,
 * `rad_const_free(conf->key_password)`, `xmlFree(configuration->source_password)`, `explicit_bzero(conf->pw, n)`), or the key
 * removed (`del options['password']`, `delete opts.secret`, `unset($conf['password'])`), or merged with a parent level's
 * (`ngx_conf_merge_ptr_value(conf->passwords, prev->passwords, NULL)`): no use of its value.
 */
const SIZE_OR_FREE = /(?<![\w$.>:])(?:len|strlen|count|sizeof|empty|isset|unset|is_null|isEmpty|IsNullOrEmpty|IsNullOrWhiteSpace|\w*_free|\w*Free|free|memset|explicit_bzero|\w*_cleanse|\w*_memzero|SecureZeroMemory|\w*_merge_\w*)\s*\(\s*[&*]?\s*$/;
const PRESENCE_AFTER = /^\s*(?:\)|&&|\|\||\band\b|\bor\b|:(?!:))/;

/**
 * Segments of a member chain that lead to an address or a CORS setting, not a secret: `config.endpoint.token` is the
 * token endpoint's URL, `config.security.cors.credentials` whether browsers may send cookies.
 */
const ADDRESS_SEGMENT = /(?:\.|->|\?\.)\s*(?:endpoints?|urls?|uris?|paths?|routes?|cors)\s*(?:\.|->|\?\.)/i;

/**
 * A member chain that is no read of a value: a module path in an import (`from buildbot.secrets.secret import …`),
 * an interface name (`credentials.IUsernamePassword`), an address (`config.endpoint.token`), a CORS setting
 * (`routeCorsConfig.credentials`).
 */
function notAValue(code: string, start: number, object: string, chain: string, key: string): boolean {
	const lineStart = code.lastIndexOf('\n', start - 1) + 1;
	return /^\s*(?:from|import)\s/.test(code.slice(lineStart, start)) || /^I[A-Z][a-z]/.test(key) || ADDRESS_SEGMENT.test(chain) || /cors/i.test(object);
}

/**
 * Members read from an object whose name holds one of the object words (`process.env.API_KEY`,
 * `CONF.token.admin_token`): found from the object words, so a file is scanned once for them.
 */
function memberReads(code: string, objectWord: RegExp, isObject: (n: string) => boolean, isKey: (k: string) => boolean): Hit[] {
	const out: Hit[] = [];
	objectWord.lastIndex = 0;
	for (let m = objectWord.exec(code); m !== null; m = objectWord.exec(code)) {
		let start = m.index;
		let end = m.index + m[0].length;
		while (start > 0 && isIdentChar(code[start - 1])) {
			start--;
		}
		while (isIdentChar(code[end])) {
			end++;
		}
		objectWord.lastIndex = end;
		// A section named by a string before the member (`CONF['network_api:neutron'].admin_password`).
		SECTION_INDEX.lastIndex = end;
		const section = SECTION_INDEX.exec(code);
		MEMBER_CHAIN.lastIndex = end + (section?.[0].length ?? 0);
		const chain = MEMBER_CHAIN.exec(code);
		const object = code.slice(start, end);
		const key = chain === null ? '' : /[A-Za-z_][\w$]*$/.exec(chain[1])?.[0] ?? '';
		const chainEnd = end + (section?.[0].length ?? 0) + (chain?.[0].length ?? 0);
		if (chain !== null && isObject(object) && isKey(key) && !notAValue(code, start, object, chain[1], key) && !flagOrSentinel(code, chainEnd) && !presenceTest(code, start, chainEnd)) {
			out.push({ offset: start, api: `${object}${chain[1].replace(/\s+/g, '')}` });
			continue;
		}
		// A symbol key (Ruby): `settings[:ldap_password]`, `config[:secret_key_base]`.
		SYMBOL_INDEX.lastIndex = end;
		const symbol = SYMBOL_INDEX.exec(code);
		if (symbol !== null && isObject(object) && isKey(symbol[1])) {
			out.push({ offset: start, api: `${object}[:${symbol[1]}]` });
		}
	}
	return out;
}
