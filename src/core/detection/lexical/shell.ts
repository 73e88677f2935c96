/**
 * Shell scripts: command-line crypto (openssl, gpg, ssh-keygen), TLS verification switched off,
 * secrets read from vaults and secret managers, password prompts, and auth-facility logging.
 *
 * Decisions: variable expansions (`$DB_PASSWORD`) are not findings: every use of a variable would
 * be one, and the value was read elsewhere. `sudo` is not a finding either: in scripts it is
 * everywhere and says nothing about access-control logic.
 */
import type { Detector } from '../detector';
import { lexicalDetector, type LexicalRule } from './engine';

/** A command word: not inside a longer word or path component (a leading `/usr/bin/` is fine). */
const C = String.raw`(?<![\w.$-])`;
/** The rest of the command, to the end of the line (continuation lines included) or `;`, `|`, `&`. */
const ARGS = String.raw`(?:[^\n;|&\\]|\\\n|\\.){0,400}?`;

const RULES: readonly LexicalRule[] = [
	// crypto
	{ re: new RegExp(String.raw`${C}openssl\s+(?:enc|genrsa|genpkey|req|dgst|rand|pkcs12|pkcs8|rsa|ec|ecparam|x509|pkeyutl|smime|cms|kdf|passwd|ca)\b`, 'g'), api: (m) => m[0].replace(/\s+/g, ' '), category: 'crypto', what: 'cryptographic operation (openssl)' },
	{ re: new RegExp(String.raw`${C}openssl\s+s_(?:client|server)\b`, 'g'), api: (m) => m[0].replace(/\s+/g, ' '), category: 'tls', what: 'TLS connection (openssl)' },
	{ re: new RegExp(String.raw`${C}gpg2?(?=\s${ARGS}--(?:encrypt|sign|decrypt|clearsign|detach-sign|symmetric|gen-key|full-generate-key|quick-generate-key|quick-gen-key|export-secret-keys)\b)`, 'g'), api: 'gpg', category: 'crypto', what: 'encryption or signing (gpg)' },
	{ re: new RegExp(String.raw`${C}(?:ssh-keygen|age-keygen|certbot|step\s+certificate\s+create)\b`, 'g'), api: (m) => m[0].replace(/\s+/g, ' '), category: 'crypto', what: 'key or certificate generation' },
	{ re: new RegExp(String.raw`${C}htpasswd\b`, 'g'), category: 'auth', what: 'password file update' },
	// tls
	{ re: new RegExp(String.raw`${C}curl(?=${ARGS}\s(?:--insecure|-[a-zA-Z]*k[a-zA-Z]*)(?=\s|$))`, 'gm'), api: 'curl --insecure', category: 'tls', what: 'certificate verification disabled' },
	{ re: new RegExp(String.raw`${C}wget(?=\s${ARGS}--no-check-certificate\b)`, 'g'), api: 'wget --no-check-certificate', category: 'tls', what: 'certificate verification disabled' },
	{ re: /(?<![\w$])(?:NODE_TLS_REJECT_UNAUTHORIZED=0|GIT_SSL_NO_VERIFY=(?:1|true)|PYTHONHTTPSVERIFY=0)\b/g, category: 'tls', what: 'certificate verification disabled' },
	{ re: /(?<![\w.$-])git\s+config\b[^\n;|&]{0,400}?\bhttp\.sslVerify\s+false\b/g, api: 'git config http.sslVerify false', category: 'tls', what: 'certificate verification disabled' },
	// secrets
	{ re: new RegExp(String.raw`${C}(?:aws\s+secretsmanager\s+get-secret-value|aws\s+ssm\s+get-parameters?(?=\s${ARGS}--with-decryption)|vault\s+(?:kv\s+get|read)|gcloud\s+secrets\s+versions\s+access|az\s+keyvault\s+secret\s+show|kubectl\s+get\s+secrets?|security\s+find-(?:generic|internet)-password|op\s+(?:read|item\s+get)|pass\s+show)\b`, 'g'), api: (m) => m[0].replace(/\s+/g, ' '), category: 'secrets', what: 'secret read from a vault or secret manager' },
	{ re: /(?<![\w.$-])read(?=\s+(?:-[a-zA-Z]+\s+)*-[a-rt-zA-Z]*s[a-zA-Z]*\b)/g, api: 'read -s', category: 'secrets', what: 'secret read from a prompt' },
	// logging
	{ re: new RegExp(String.raw`${C}logger(?=\s${ARGS}(?:-p\s*|--priority[=\s]\s*)(?:auth|authpriv|security)\.)`, 'g'), api: 'logger -p auth', category: 'logging', what: 'security event logged to syslog' },
];

/** The shell-script detector. */
export function shellDetector(): Detector {
	return lexicalDetector({
		id: 'lexical:shell',
		languages: ['shellscript'],
		mayMatch: /openssl|gpg|ssh-keygen|age-keygen|certbot|step\s|htpasswd|curl|wget|TLS_REJECT|SSL_NO_VERIFY|HTTPSVERIFY|sslVerify|secretsmanager|ssm|vault|gcloud|keyvault|kubectl|security\s|op\s|pass\s|read\s|logger/,
		rules: RULES,
	});
}
