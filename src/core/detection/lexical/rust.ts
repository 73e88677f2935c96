/**
 * Rust: ring, RustCrypto (aes-gcm, sha2, hmac, argon2…), rand's OsRng, bcrypt, jsonwebtoken, rustls,
 * native-tls, reqwest's certificate options, secrets from `std::env`. Paths are resolved through the
 * file's `use` declarations: after `use jsonwebtoken::{encode, decode};`, `encode(` is
 * `jsonwebtoken::encode`.
 */
import type { ParsedSource } from '../../parse/parsedSource';
import type { Category } from '../../types';
import type { Detector, RawFinding } from '../detector';
import { runRules, secretArgument, type LexicalRule } from './engine';

/** A known API: resolved paths starting with `path` (a crate or module), or matching it. */
interface RustApi {
	readonly path: string | RegExp;
	readonly category: Category;
	readonly what: string;
}

const APIS: readonly RustApi[] = [
	{ path: /^bcrypt::(?:hash|verify|hash_with_\w+)$/, category: 'auth', what: 'password hashing or verification' },
	{ path: 'argon2::', category: 'auth', what: 'password hashing (Argon2)' },
	{ path: 'scrypt::', category: 'crypto', what: 'key derivation (scrypt)' },
	{ path: 'pbkdf2::', category: 'crypto', what: 'key derivation (PBKDF2)' },
	{ path: /^jsonwebtoken::(?:encode|decode|decode_header|crypto::\w+)$/, category: 'auth', what: 'JWT signed or verified' },
	{ path: 'ring::', category: 'crypto', what: 'cryptographic operation (ring)' },
	{ path: 'aes_gcm::', category: 'crypto', what: 'AES-GCM cipher' },
	{ path: 'chacha20poly1305::', category: 'crypto', what: 'ChaCha20-Poly1305 cipher' },
	{ path: 'aes::', category: 'crypto', what: 'AES cipher' },
	{ path: 'sha2::', category: 'crypto', what: 'SHA-2 digest' },
	{ path: 'sha3::', category: 'crypto', what: 'SHA-3 digest' },
	{ path: 'blake3::', category: 'crypto', what: 'BLAKE3 digest' },
	{ path: 'hmac::', category: 'crypto', what: 'HMAC computed' },
	{ path: 'ed25519_dalek::', category: 'crypto', what: 'Ed25519 signing' },
	{ path: 'x25519_dalek::', category: 'crypto', what: 'X25519 key exchange' },
	{ path: 'rsa::', category: 'crypto', what: 'RSA operation' },
	{ path: 'p256::', category: 'crypto', what: 'P-256 operation' },
	{ path: 'hkdf::', category: 'crypto', what: 'key derivation (HKDF)' },
	{ path: 'openssl::', category: 'crypto', what: 'OpenSSL operation' },
	{ path: 'rustls::', category: 'tls', what: 'TLS configuration (rustls)' },
	{ path: 'tokio_rustls::', category: 'tls', what: 'TLS stream (tokio-rustls)' },
	{ path: 'native_tls::', category: 'tls', what: 'TLS connector (native-tls)' },
	{ path: 'tokio_native_tls::', category: 'tls', what: 'TLS connector (native-tls)' },
];

/** `OsRng` is used as a value (`OsRng.fill_bytes(…)`, `&mut OsRng`), not called. */
const OS_RNG = /^(?:rand::rngs|rand_core|rand|aes_gcm::aead|chacha20poly1305::aead|argon2::password_hash::rand_core|password_hash::rand_core)::OsRng$/;
const OS_RNG_API: RustApi = { path: 'rand::rngs::OsRng', category: 'crypto', what: 'OS random number generator' };

/** `use a::b::{c, d as e, f::{g, self}};` */
const USE = /\buse\s+(?:::)?([\w:\s{},*]{1,4000}?);/g;

/** Maps the names a file imports to their full paths; also returns where the `use` declarations are. */
export function rustUses(masked: string): { names: Map<string, string>; ranges: Array<readonly [number, number]> } {
	const names = new Map<string, string>();
	const ranges: Array<readonly [number, number]> = [];
	USE.lastIndex = 0;
	for (let m = USE.exec(masked); m !== null; m = USE.exec(masked)) {
		ranges.push([m.index, m.index + m[0].length]);
		const tree = m[1].trim().replace(/\s*(::|[{},])\s*/g, '$1').replace(/\s+/g, ' ');
		addUseTree(tree, '', names);
	}
	return { names, ranges };
}

function addUseTree(tree: string, prefix: string, out: Map<string, string>): void {
	const brace = tree.indexOf('{');
	if (brace >= 0 && tree.endsWith('}')) {
		const base = prefix + tree.slice(0, brace);
		for (const part of splitTopLevel(tree.slice(brace + 1, -1))) {
			addUseTree(part, base, out);
		}
		return;
	}
	const aliased = /^(.+?) as (\w+)$/.exec(tree);
	const segments = (prefix + (aliased ? aliased[1] : tree)).split('::').filter((x) => x !== '');
	if (segments[segments.length - 1] === 'self') {
		segments.pop();
	}
	const name = aliased ? aliased[2] : segments[segments.length - 1];
	if (name !== undefined && name !== '_' && /^\w+$/.test(name) && segments.length > 1) {
		out.set(name, segments.join('::'));
	}
}

function splitTopLevel(list: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let start = 0;
	for (let i = 0; i < list.length; i++) {
		const c = list[i];
		depth += c === '{' ? 1 : c === '}' ? -1 : 0;
		if (c === ',' && depth === 0) {
			parts.push(list.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(list.slice(start));
	return parts.filter((p) => p !== '');
}

const GENERICS = String.raw`<[^<>();]*(?:<[^<>();]*>[^<>();]*)*>`;

/** A path (turbofish generics allowed) not after `.`, `::` or `fn`, and what follows it (`(` for a call). */
const PATH = new RegExp(String.raw`(?<![\w.:]|\bfn[ \t]{1,8})((?:[A-Za-z_]\w*\s*::\s*(?:${GENERICS}\s*::\s*)?)*[A-Za-z_]\w*)(?:\s*::\s*${GENERICS})?(\s*\()?`, 'g');

/** The full path of `path` after the file's imports, generics dropped: `Hmac::<Sha256>::new` → `hmac::Hmac::new`. */
function resolve(path: string, uses: Map<string, string>): string {
	const segments = path.replace(/\s+/g, '').replace(/::<.*?>(?=::|$)/g, '').split('::');
	segments[0] = uses.get(segments[0]) ?? segments[0];
	return segments.join('::');
}

function apiFor(resolved: string): RustApi | null {
	return APIS.find((api) => typeof api.path === 'string'
		? resolved.startsWith(api.path) && resolved.length > api.path.length
		: api.path.test(resolved)) ?? null;
}

/** The offset after the parenthesis closing the one just before `from`, or the end of the text. */
function closingParen(masked: string, from: number): number {
	let depth = 1;
	for (let i = from; i < masked.length; i++) {
		const c = masked[i];
		if (c === '(') {
			depth++;
		} else if (c === ')' && --depth === 0) {
			return i + 1;
		}
	}
	return masked.length;
}

function pathFindings(source: ParsedSource, masked: string): RawFinding[] {
	const { names, ranges } = rustUses(masked);
	const out: RawFinding[] = [];
	let r = 0;
	let coveredUntil = -1;
	let coveredCategory: Category | null = null;
	PATH.lastIndex = 0;
	for (let m = PATH.exec(masked); m !== null; m = PATH.exec(masked)) {
		while (r < ranges.length && ranges[r][1] <= m.index) {
			r++;
		}
		if (r < ranges.length && ranges[r][0] <= m.index) {
			continue; // inside a `use` declaration: an import, not a use of the API
		}
		const resolved = resolve(m[1], names);
		const api = OS_RNG.test(resolved) ? OS_RNG_API : m[2] !== undefined ? apiFor(resolved) : null;
		if (api !== null && !(m.index < coveredUntil && api.category === coveredCategory)) {
			// One finding per call: `encode(&Header::default(), …)` is one JWT operation.
			coveredUntil = m[2] !== undefined ? closingParen(masked, m.index + m[0].length) : m.index;
			coveredCategory = api.category;
			const { line, column } = source.lines.position(m.index);
			out.push({ line, column, category: api.category, api: resolved, message: `${api.what} (${resolved})` });
		}
	}
	return out;
}

const RULES: readonly LexicalRule[] = [
	{ re: /(?<=\.\s{0,16})danger_accept_invalid_(?:certs|hostnames)(?=\s*\(\s*true\b)/g, api: (m) => `${m[0]}(true)`, category: 'tls', what: 'certificate verification disabled' },
	{ re: /(?<=\.\s{0,16})dangerous(?=\s*\(\s*\)\s*\.\s*set_certificate_verifier)/g, api: 'rustls::ClientConfig::dangerous().set_certificate_verifier', category: 'tls', what: 'custom certificate verifier' },
	{ re: /(?<![\w.])(?:std\s*::\s*)?env\s*::\s*var(?:_os)?\s*\(/g, api: secretArgument((n) => `std::env::var(${n})`), category: 'secrets', what: 'secret read from the environment' },
	{ re: /(?<![\w.:])(?:dotenvy?\s*::\s*)var\s*\(/g, api: secretArgument((n) => `dotenv::var(${n})`), category: 'secrets', what: 'secret read from the environment' },
];

const MAY_MATCH = /bcrypt|argon2|scrypt|pbkdf2|jsonwebtoken|ring::|aes|chacha|sha[23]|blake3|hmac|dalek|rsa::|p256|hkdf|openssl|rustls|native_tls|OsRng|danger|env::|dotenv/i;

/** The Rust detector. */
export function rustDetector(): Detector {
	return {
		id: 'lexical:rust',
		languages: new Set(['rust']),
		mayMatch: (text) => MAY_MATCH.test(text),
		detect: (source) => {
			const masked = source.masked();
			const seen = new Set<string>();
			return [...pathFindings(source, masked), ...runRules(source, RULES, masked)]
				.filter((f) => !seen.has(`${f.line}:${f.column}`) && seen.add(`${f.line}:${f.column}`) !== undefined)
				.sort((a, b) => a.line - b.line || a.column - b.column);
		},
	};
}
