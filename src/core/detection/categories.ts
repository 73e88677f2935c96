import type { Category } from '../types';

/** The controls each category suggests (SPEC "Sensitive-code categories"), 2022 IDs, first preferred. */
export const CATEGORY_CONTROLS: Readonly<Record<Category, readonly string[]>> = {
	crypto: ['A.8.24'],
	auth: ['A.8.5', 'A.5.17'],
	'access-control': ['A.8.3', 'A.5.15', 'A.8.2'],
	secrets: ['A.5.17', 'A.8.24'],
	tls: ['A.8.20', 'A.8.21', 'A.5.14'],
	logging: ['A.8.15', 'A.8.16'],
};

/** What each category covers, for messages and help texts. */
export const CATEGORY_DESCRIPTIONS: Readonly<Record<Category, string>> = {
	crypto: 'cryptography: ciphers, hashing for security, HMAC, signing, key generation, KDFs, secure random for keys',
	auth: 'authentication: password verification, login, JWT sign/verify, sessions, OAuth/OIDC token exchange, MFA',
	'access-control': 'access control: role/permission/ACL checks, policy enforcement, privileged operations',
	secrets: 'secrets: reading credentials and key material from the environment, files or vaults',
	tls: 'TLS: servers and clients, certificate validation settings',
	logging: 'security and audit event logging',
};
