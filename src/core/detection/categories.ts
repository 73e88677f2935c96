import { CATEGORIES, type Catalog, type Category } from '../types';

/** The controls each category suggests (SPEC "Sensitive-code categories"), 2022 IDs, first preferred. */
export const CATEGORY_CONTROLS: Readonly<Record<Category, readonly string[]>> = {
	crypto: ['A.8.24'],
	auth: ['A.8.5', 'A.5.17'],
	'access-control': ['A.8.3', 'A.5.15', 'A.8.2'],
	secrets: ['A.5.17', 'A.8.24'],
	tls: ['A.8.20', 'A.8.21', 'A.5.14'],
	logging: ['A.8.15', 'A.8.16'],
};

const suggestionsByCatalog = new WeakMap<Catalog, Readonly<Record<Category, readonly string[]>>>();

/**
 * The controls each category suggests in a workspace's catalog, first preferred: the catalog's own
 * `suggestions:` for the category; else the 2022 IDs of {@link CATEGORY_CONTROLS} the catalog holds;
 * else, for a catalog mapped to 2022 (`mapsTo`, the 2013 catalog), its controls that map to them
 * (A.8.24 → A.10.1.1, A.10.1.2); else none (a custom catalog that declares nothing for it).
 */
export function categorySuggestions(catalog: Catalog): Readonly<Record<Category, readonly string[]>> {
	let out = suggestionsByCatalog.get(catalog);
	if (out === undefined) {
		const ids = new Set(catalog.controls.map((c) => c.id));
		const entries = CATEGORIES.map((category): [Category, readonly string[]] => {
			const own = catalog.suggestions?.[category];
			if (own !== undefined) {
				return [category, own];
			}
			const current = CATEGORY_CONTROLS[category];
			if (current.some((id) => ids.has(id))) {
				return [category, current.filter((id) => ids.has(id))];
			}
			return [category, current.flatMap((id) => catalog.controls.filter((c) => c.mapsTo?.includes(id)).map((c) => c.id))
				.filter((id, i, all) => all.indexOf(id) === i)];
		});
		out = Object.freeze(Object.fromEntries(entries) as Record<Category, readonly string[]>);
		suggestionsByCatalog.set(catalog, out);
	}
	return out;
}

/** What each category covers, for messages and help texts. */
export const CATEGORY_DESCRIPTIONS: Readonly<Record<Category, string>> = {
	crypto: 'cryptography: ciphers, hashing for security, HMAC, signing, key generation, KDFs, secure random for keys',
	auth: 'authentication: password verification, login, JWT sign/verify, sessions, OAuth/OIDC token exchange, MFA',
	'access-control': 'access control: role/permission/ACL checks, policy enforcement, privileged operations',
	secrets: 'secrets: reading credentials and key material from the environment, files or vaults',
	tls: 'TLS: servers and clients, certificate validation settings',
	logging: 'security and audit event logging',
};
