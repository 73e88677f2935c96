/**
 * The one shape of detection knowledge: a rule record. Records are plain data (they are posted to
 * worker threads); engines compile them once per thread. Built-in records live in `rules/*.yaml`.
 */
import type { Category } from '../types';

export const CONFIDENCES = ['high', 'medium'] as const;
/** `high`: a known API reached through its import; `medium`: what names and shapes imply. */
export type Confidence = (typeof CONFIDENCES)[number];

/** True when `c` passes a `minConfidence` threshold. */
export function meetsConfidence(c: Confidence, min: Confidence): boolean {
	return min === 'medium' || c === 'high';
}

/**
 * A call whose function or method name implies the category: the name's words (`hasPermission`,
 * `has_permission`, `HasPermission` are all `has permission`) contain one of `words` and, when given,
 * one of `with`, and none of `unless`. `receiver` adds the words of the object called on
 * (`session.destroy()`). Definitions (`def has_permission(x)`) are not calls. `args`: the arguments'
 * code must name one of these words (`md5(salt . password)`); `near`: the code before the call on its
 * line must (`const state = crypto.randomUUID()`). A capitalised call is a type, not a function, in
 * most languages; `new AES(key)` is still judged.
 */
export interface NameMatch {
	readonly kind: 'name';
	readonly words: readonly string[];
	readonly with: readonly string[] | null;
	readonly receiver: boolean;
	readonly unless: readonly string[];
	readonly args: readonly string[] | null;
	/** Optional (`unless-args`): the arguments' code must name none of these words (`hash(super.getCacheKey(), …)` makes a cache key). */
	readonly unlessArgs?: readonly string[];
	readonly near: readonly string[] | null;
	/**
	 * With `receiver`: when only the object's name holds one of `words` (`acl.makeTree()`, `roleInfo.isForbidden()`),
	 * the method's own name must hold one of these (`acl.check()`); null: no such condition.
	 */
	readonly acts: readonly string[] | null;
	/** Whether the operation needs something to work on: a call given neither an argument nor an object (`encrypt_packet()`) is the application's own step over its state. */
	readonly inputs: boolean;
	/** Optional (`arguments: true`): the call must pass an argument, whatever it is called on (`x.PrivateKey()` reads a field). */
	readonly arguments?: boolean;
}

/**
 * A read of an environment or configuration object by key: `process.env.API_KEY`, `c.env.SECRET`,
 * `os.environ["X"]`, `config.get("x")`, `getenv("X")`, `Configuration["Jwt:Key"]`. `objects`: words
 * the object's name contains; `getters`: methods called on it with the key; `globals`: functions
 * taking the key (`getenv`); `key`: `secret` (a secret-like name) or a regular expression.
 */
export interface ReadMatch {
	readonly kind: 'read';
	readonly objects: readonly string[];
	readonly getters: readonly string[];
	readonly globals: readonly string[];
	readonly key: string;
	/** Whether members count (`config.password`); false: only keys read by name (`options.get('password')`, `opts['token']`). */
	readonly members?: boolean;
}

/**
 * An option or property written with a value: `rejectUnauthorized: false`, `verify_mode = CERT_NONE`,
 * `'verify_peer' => false`, `setopt(h, CURLOPT_SSL_VERIFYPEER, 0)`. `value`: a regular expression
 * the written value must match (any value when null).
 */
export interface OptionMatch {
	readonly kind: 'option';
	readonly keys: readonly string[];
	readonly value: string | null;
	/**
	 * Optional (`forwards: true`): the object's own setting used under the key's name (`validate_certs=self.validate_certs`)
	 * is a setting too; by default it is not, and the setting is where that value is made. A parameter handed on
	 * (`validate_certs=validate_certs`) never is.
	 */
	readonly forwards?: boolean;
}

/**
 * Where a regular-expression rule's finding goes: on the match, or (`guard`) on the condition that
 * guards it (`if not allowed:` above `raise Forbidden()`): the check is the sensitive site.
 */
export type Placement = 'match' | 'guard';

/** A string literal whose content matches (SQL on a sessions table, say). */
export interface StringMatch {
	readonly kind: 'string';
	readonly pattern: string;
	readonly place: Placement;
	/** Optional (`case: sensitive`): the pattern's letters match only in their case (`curl -k`, not `-K`); ignored by default. */
	readonly matchCase?: boolean;
}

/**
 * A call to a logger (a name or receiver with one of `loggers`' words) whose message records a
 * security event: `security-event` (login failed, access denied, token revoked…) or a regular expression.
 */
export interface LogMatch {
	readonly kind: 'log';
	readonly loggers: readonly string[];
	readonly message: string;
	/** A regular expression for messages that are not events though they match (configuration errors: `… not set`); null: none. */
	readonly unless: string | null;
	/**
	 * Optional (`literal: true`): only the call's string literals are the message; by default the words
	 * of its arguments count too (`evLogger.Log(events.LoginAttempt)`), split, so `'AccessDeniedException'` reads `access denied`.
	 */
	readonly literal?: boolean;
	/** Optional (`qualified: true`): a logger may also be named by its library and what it logs (`cupsdLogClient(…)`, `ap_log_rerror(…)`). */
	readonly qualified?: boolean;
}

/**
 * A regular expression over code, comments and strings blanked out. The finding's `api` is the match
 * without spaces, or the named group `api` when the pattern has one (`(?<api>openssl\s+enc)` → `openssl enc`);
 * the finding is then placed where that group matched.
 */
export interface PatternMatch {
	readonly kind: 'pattern';
	readonly pattern: string;
	/** Run by the linear-time engine (RE2 syntax): a custom rule's pattern, written by users. */
	readonly linear?: boolean;
	readonly place: Placement;
	/** See {@link StringMatch.matchCase}. */
	readonly matchCase?: boolean;
}

/**
 * A regular expression over code with its string literals kept (comments blanked): `app.get("/x", requireAuth, …)`,
 * `hash('sha256', …)`. A match must start in code, not inside a string.
 */
export interface TextMatch {
	readonly kind: 'text';
	readonly pattern: string;
	readonly place: Placement;
	/** See {@link StringMatch.matchCase}. */
	readonly matchCase?: boolean;
}

/**
 * Two values compared for equality where one names a secret (`token === expected`, `$_SESSION['state'] !== $state`,
 * `hashBase64 === stored.hash`); comparisons with a literal, null, a constant or a length are not. Equality
 * calls count too: `a.equals(b)`, `strcmp(a, b)`, `String.Compare(a, b)`.
 */
export interface CompareMatch {
	readonly kind: 'compare';
	readonly words: readonly string[];
	/** Words that make a comparison something else: an operand named `password_confirm` is a form check, not a login. */
	readonly unless: readonly string[];
	/**
	 * Optional (`constant-time: false`): a constant-time comparison call of signatures or MACs (`streq_const_time(sig, signature)`)
	 * is left to the crypto records that report it (one of tokens or one-time codes is still judged); by default it counts as any equality call.
	 */
	readonly constantTime?: boolean;
}

/**
 * What use of an API a rule reports: a call or constructor, a constructor only, a decorator/annotation/attribute, any
 * use, or a class that extends or implements it (`class T implements X509TrustManager`, `new HostnameVerifier() {…}`).
 */
export const API_USES = ['call', 'new', 'decorator', 'reference', 'extends'] as const;
export type ApiUse = (typeof API_USES)[number];

/**
 * A known API reached through an import, a `using`/`use` or a global, by qualified name:
 * `crypto.createHash`, `hashlib.*`, `github.com/golang-jwt/jwt.*`, `javax.crypto.Cipher.getInstance`,
 * `System.Security.Cryptography.*`. The engine of each parser resolves local names through the file's
 * imports and aliases; a final `*` matches any rest (`crypto/tls.*`) up to a call's result, which is written `()`
 * (`ssl.create_default_context().*`: the methods of what it returns, for the engines that track it). `use`: see {@link ApiUse}.
 * `unless`: qualified names (same syntax, and `*.name` for the member `name` of any class) that are not findings. `args`: a regular expression the
 * call's argument code must match (an algorithm `'md5'`, a keyword `verify=False`). The lexical engine
 * resolves Rust paths through the file's `use` declarations (`use sha2::Sha256;` … `Sha256::digest(x)` is
 * `sha2::Sha256::digest`) for records whose languages are all `rust`.
 */
export interface ApiMatch {
	readonly kind: 'api';
	readonly names: readonly string[];
	readonly use: ApiUse;
	readonly unless: readonly string[];
	readonly args: string | null;
	/**
	 * Optional: the name read must be `secret` (a secret-like name), name `key-material` (a key file,
	 * a PEM, credentials) or match this regular expression. For a `reference` it is the name's last
	 * segment (`process.env.*` with `key: secret` reads `process.env.DB_PASSWORD`, not `.PORT`); for a
	 * call, its first string argument or the subscript (`os.getenv("DB_PASSWORD")`, `os.environ["API_KEY"]`,
	 * `fs.readFileSync('server.key')`).
	 */
	readonly key?: string;
	/** Optional: a regular expression (case-sensitive) the code before the use on its line must match (`keyData, err := os.ReadFile(p)`). */
	readonly near?: string;
	/**
	 * Optional: also match a name no import binds by its simple name (`@PreAuthorize`, `[Authorize]`,
	 * `implements X509TrustManager`): for annotations and types distinctive enough to be known without their import.
	 */
	readonly bare?: boolean;
}

/** What use of a member a `member` rule reports. */
export const MEMBER_USES = ['call', 'reference', 'write', 'define'] as const;
export type MemberUse = (typeof MEMBER_USES)[number];

/**
 * A member known by its name, whatever the object (`client.get_secret_value(…)`,
 * `token.SignedString(k)`, `ctx.check_hostname = False`, `InsecureSkipVerify: true`,
 * `void checkServerTrusted(…) {}`), run by the parser engines. `names`: member names, a `*` matches
 * any run of letters and digits (`Parse*Key*`). `use`: a call, a read, a write (an assignment,
 * a keyword argument or a keyed field: `args` is then the written value) or a definition (`args`
 * is then its body). `receiver`: a regular expression the object's code must match (`''` when
 * there is none). `imports`: qualified-name prefixes one of which the file must import. `args`:
 * a regular expression over the arguments' code. `near`: a regular expression over the code before
 * the use on its line. These three are case-sensitive. `external`: not a call to a method of the same name and arity that the file defines.
 */
export interface MemberMatch {
	readonly kind: 'member';
	readonly names: readonly string[];
	readonly use: MemberUse;
	readonly receiver: string | null;
	readonly imports: readonly string[];
	readonly args: string | null;
	readonly near: string | null;
	readonly external: boolean;
}


/**
 * A call judged by its names as written, not resolved through imports: a heuristic, for what
 * applications name their checks (`hasRole(user)`, `req.login()`, `auditLog.info()`, `@Roles('admin')`).
 * `names`: the called name (a final `*` matches any ending); `receiver`: a regular expression the
 * object called on must match in full (its last name, `''` when none); `imports`: the file must import
 * one of these modules (a final `*` glob); `args`: a regular expression over the arguments' code;
 * `message`: the call's message (the text of its first or second string argument) records a
 * security event (`security-event`) or matches a regular expression. Run by the parser engines
 * (and lexically where a file does not parse).
 */
export interface MethodMatch {
	readonly kind: 'method';
	readonly names: readonly string[];
	readonly receiver: string | null;
	readonly imports: readonly string[];
	readonly use: 'call' | 'decorator';
	readonly args: string | null;
	readonly message: string | null;
}

/** A member named one of `keys` compared for equality with a string literal: `user.role === 'admin'`. */
export interface EqualsMatch {
	readonly kind: 'equals';
	readonly keys: readonly string[];
}

/**
 * Calls by their names as written (`vault.read`, `getSecret`, `Vault::read()`): a custom rule's `calls`
 * (SPEC). A dotted name matches as a suffix of the callee (`this.vault.read(…)`), through the ESTree in
 * the JavaScript family and lexically (code outside comments and strings) elsewhere; definitions are not calls.
 */
export interface CallsMatch {
	readonly kind: 'calls';
	readonly names: readonly string[];
}

export type RuleMatch = CallsMatch | MemberMatch | ApiMatch | NameMatch | ReadMatch | OptionMatch | StringMatch | LogMatch | PatternMatch | TextMatch | CompareMatch | MethodMatch | EqualsMatch;
export const MATCH_KINDS: readonly RuleMatch['kind'][] = ['api', 'name', 'read', 'option', 'string', 'log', 'pattern', 'text', 'compare', 'member', 'method', 'equals', 'calls'];
/** Kinds only the parser engines run on a syntax tree (the lexical engine leaves them out, but Rust's `api`; see `rules/detectors.ts`). */
export const PARSER_KINDS: ReadonlySet<RuleMatch['kind']> = new Set(['api', 'method', 'equals']);

/** Where a record is written, for `file:line:col` messages and the docs. */
export interface RuleSource {
	readonly file: string;
	readonly line: number;
	readonly column: number;
}

/** One detection rule. */
export interface RuleRecord {
	/** Stable id, e.g. `app.permission-check`; findings carry it. */
	readonly id: string;
	readonly category: Category;
	readonly confidence: Confidence;
	/** VS Code language ids; null for every supported language. */
	readonly languages: readonly string[] | null;
	/** For people; `{api}` is replaced by what matched (`session.destroy`, `process.env.API_KEY`). */
	readonly message: string;
	/** What the rule says in one line, for `docs/rules.md` and SARIF. */
	readonly summary: string;
	readonly match: RuleMatch;
	readonly at: RuleSource;
	/**
	 * Optional, for the lexical engine: regular expressions over the name of the nearest definition above
	 * a match (`def ==(other)`, `def self.create`, `function verify(…)`, `fn check`). `inside`: it must
	 * match (hashing a password inside `def ==` verifies it); `notInside`: it must not (a match outside
	 * any definition passes `notInside` and fails `inside`).
	 */
	readonly inside?: string;
	readonly notInside?: string;
	/**
	 * Optional, name rules only: the calls it matches are candidates, findings only where the called name is
	 * a function this workspace defines in another file whose body holds a finding of the rule's category, and
	 * whose name holds one of the rule's `words` (the application's own security function called from another
	 * module: `ldap_login_process($username)`). The first such rule of the set whose words the definition's
	 * name holds decides its one category. See `coverage/ownFunctions.ts`.
	 */
	readonly ownFunction?: true;
}
