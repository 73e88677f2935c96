/**
 * Name heuristics shared by every detector family, so that the same variable or file name counts
 * as a secret in every language.
 */

/** Names of variables and settings that hold credentials or key material. */
const SECRET_NAME = /(secret|passw(?:or)?d|pwd|token|api[-_]?key|private[-_]?key|access[-_]?key|auth[-_]?key|credential|client[-_]?secret|signing[-_]?key|encryption[-_]?key|_key$)/i;
/** Names that match but hold no secret: the shell's working directory, token lifetimes, scopes and endpoints. */
const NOT_SECRET = /^(OLD)?PWD$|_(EXPIRY|EXPIRES(_IN)?|EXPIRATION|SCOPES?|TTL|TIMEOUT|LIFETIME|LENGTH|ALGORITHM|ALG|HEADER|URL|URI|ENDPOINT)$/i;

/** True when an environment variable (or setting) name looks like a credential: `DB_PASSWORD`, `apiKey`. */
export function isSecretName(name: string): boolean {
	return SECRET_NAME.test(name) && !NOT_SECRET.test(name);
}

/** Words of a file name, path or variable that mean key material. */
const KEY_WORDS = new Set(['key', 'keys', 'pem', 'secret', 'secrets', 'credential', 'credentials', 'creds', 'p12', 'pfx', 'privkey',
	'keyfile', 'keystore', 'jks', 'rsa', 'ed25519', 'passwd', 'password']);

/** The lower-case words of a name or path: `privateKeyPath` → private, key, path; `SSLContext` → ssl, context; `certs/server.pem` → certs, server, pem. */
export function nameWords(text: string): string[] {
	return text
		.replace(/([Aa][Uu][Tt][Hh])([NZ])(?![a-z])/g, (_, auth: string, letter: string) => auth + letter.toLowerCase())
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((w) => w.length > 0);
}

/** True when a path or the variable receiving a file's content names key material (`server.key`, `keyData`, `id_rsa`). */
export function namesKeyMaterial(text: string): boolean {
	return nameWords(text).some((w) => KEY_WORDS.has(w)) || /id_(?:rsa|ed25519|ecdsa)/.test(text);
}

/** Messages that record a security event: failed logins, denied access, changed passwords and roles, attacks, security exceptions. */
export const SECURITY_PHRASE = new RegExp(
	[
		String.raw`\b(log-?in failed|(successful|successfully|unsuccessful|failed|invalid) (log-?in|log-?on|sign-?in|authentication|auth)|log-?in (succeeded|successful|failure)|failed (log-?in|sign-?in|authentication|auth)|authenticat(ion|e|ed)? (has |was )?(failed|failure|error|succeeded|successful|success)|auth failed|unauthenticated|access denied|denying access|denied access|permission denied|unauthori[sz]ed|not authori[sz]ed|forbidden`,
		String.raw`invalid (\w+ )?(token|credentials?|password|api key|signature|session|otp|nonce|authentication|auth|login)|password (changed|reset|updated)|role (changed|granted|revoked|assigned|updated)|account (locked|disabled)`,
		// a presented credential refused, a user not found, a client or user denied: `password mismatch`, `user %s not found`,
		// `client denied by server configuration` (`password does not match` is below, with certificates and signatures)
		String.raw`(password|passwords|credentials?|secret|digest) (mismatch|do not match|don't match)|(wrong|incorrect|bad) (password|passphrase|credentials?)|user( \S+)? (not found|does not exist)|(client|user|request|connection|access)( \S+)? denied by|authori[sz]ation (failure|failed|denied|refused)|replay attack`,
		// a credential or peer that failed its check: `failed to parse a JWT token`, `hostname verification failed`
		String.raw`(failed|unable) to (verify|validate|authenticate) (a |the )?(\w+ ){0,2}(tokens?|jwts?|signatures?|credentials?|certificates?|passwords?)|failed to (parse|decode) (a |the )?(\w+ )?(tokens?|jwts?)|(host ?name|certificate|signature|token|peer) verification (has )?failed`,
		// key and certificate lifecycle: `Creating a new SSL key`, `Submitted certificate request`, `Downloaded certificate for x`
		String.raw`(creat(ing|ed)|generat(ing|ed)|submitt(ing|ed)|download(ing|ed)|revok(ing|ed)|renew(ing|ed)|verified) (a |the )?(new )?((ssl|tls|rsa|ec|private|signing|client|server|ca) ){0,2}(keys?|certificates?|certificate requests?|csrs?|ca bundle)\b`,
		String.raw`too many (failed )?(log-?in )?attempts|(user )?logged (in|into|out)|brute.?force|privilege escalation`,
		// attacks detected or stopped by a protection (`attack prevented by …`, `CSRF attack detected`)
		String.raw`attacks? (prevented|detected|reported|blocked)`,
		// tokens issued and keys rotated or retired: `Issuing token for user:x`, `Removing expired signing keys`
		String.raw`(issu|revok|rotat)(ing|ed) (a |the )?(new )?(\w+ )?(tokens?|keys?)\b|(remov|delet|purg)(ing|ed) (\w+ ){0,2}(signing|encryption|private|session) (keys?|tokens?)\b`,
		// the security token or session of a user is dropped
		String.raw`security token (was |has been )?(removed|cleared|revoked|invalidated)`,
		// an authentication scheme at work: `Basic authentication Authorization header found for user`
		String.raw`(basic|digest|bearer|form|http|token|remember-me) authentication`,
		// a security exception raised: `An AuthenticationException was thrown`, `AccessDeniedException is raised`
		String.raw`\w*(authentication|accessdenied|accountstatus|logout|badcredentials|csrf|insufficientauthentication)\w*(exception|error) (was|is|has been) (thrown|raised)`,
		// identities and privileges changed: `added a user`, `deleted role`, `granted role to user`, `Role is created`
		String.raw`(added|created|deleted|removed) (a |the |new )*(user|role|group|api key|api token)s?|(granted|revoked|assigned) (a |the )?(role|permission|privilege)s?`,
		// what a key or secrets manager does with what it keeps: `Created a secret for project`, `Retrieved secret payload`
		String.raw`(created|deleted|updated|retrieved|rotated|revoked|destroyed) (a |the |new )*(secret|secret payload|key pair|private key|master key|kek)s?\b`,
		String.raw`(user|role|permission|api key) (\S+ )?(is |was |has been )(created|deleted|removed|added|granted|revoked)`,
		// accounts made, linked or closed: `Creating user {user}`, `Account creation succeeded`, `Account linked to {user}`, `Revoking access for {user}`
		String.raw`(creating|deleting|linking|unlinking|locking|unlocking|disabling) (a |the |new )*(user|account)s?\b|account (creation|deletion|linked|unlinked)|(revoking|revoked) access`,
		// tokens dropped: `deleted a simple token`, `deleting token for user`, `revoked the refresh token`
		String.raw`(deleted|deleting|revoked|revoking|invalidated|invalidating) (a |the |all )?(\w+ )?tokens?`,
		// authentication's outcome in short, certificates refused, handshakes failed
		String.raw`auth (success|succeeded|successful|failure)|failed to (trust|verify|validate) (the |a )?(client |server |peer )?certificate|(unsuccessful|failed) (tls |ssl )?handshake|handshake failed`,
		// a certificate or signature refused: `Certificate validation failed for endpoint`, `Certificate CN (%s) does not match specified value`
		String.raw`(certificate|signature|ticket) validation (has )?failed|(certificate|cert|common name|cn|issuer|fingerprint|signature|hmac|digest|token|password|secret|tenant_?id|project_?id)( \S+){0,2} (does not|doesn't|did not) match`,
	].join('|') + String.raw`)\b`,
	'i',
);

/** What an event named in code is about, and what happened to it: `login_failed`, `user.created`, `TOKEN_REVOKED`, `mfaEnabled`. */
const EVENT_SUBJECT = String.raw`(?:user|account|member|admin|role|permission|privilege|api ?key|(?:access |refresh |api |auth )?token|session|password|passwd|mfa|2fa|totp|otp|login|log ?in|sign ?in|logout|log ?out|sign ?out|auth|authentication|invite|invitation|credential|credentials)s?`;
const EVENT_OUTCOME = String.raw`(?:created|deleted|removed|added|granted|revoked|changed|reset|updated|enabled|disabled|failed|failure|success|succeeded|successful|locked|unlocked|registered|invalidated|assigned|denied|rejected|attempt|attempted|verified)`;
const SECURITY_EVENT_NAME = new RegExp(String.raw`^(?:\w+ ){0,2}${EVENT_SUBJECT} ${EVENT_OUTCOME}$|^(?:failed|successful|invalid) ${EVENT_SUBJECT}$`);

/**
 * True when a string is the name of a security event as applications send it to an audit log or to
 * analytics (`track('token_revoked')`, `audit('user.login.failed')`, `'PASSWORD_CHANGED'`): one
 * identifier-like word whose parts say what happened to a user, a credential or a session.
 */
export function isSecurityEventName(text: string): boolean {
	if (!/^[A-Za-z][\w.:-]{2,60}$/.test(text) || !/[._:-]|[a-z][A-Z]/.test(text)) {
		return false;
	}
	return SECURITY_EVENT_NAME.test(nameWords(text).join(' '));
}
