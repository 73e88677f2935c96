import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

const KEY_LENGTH = 64;

/**
 * Hashes a password for storage.
 * @iso27001 A.8.5, A.5.17 — passwords are stored as salted scrypt hashes, never in clear
 */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, KEY_LENGTH);
	return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

// @iso27001 A.8.5 — constant-time comparison prevents timing attacks on login
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, saltB64, keyB64] = stored.split('$');
	if (scheme !== 'scrypt' || !saltB64 || !keyB64) {
		return false;
	}
	const expected = Buffer.from(keyB64, 'base64');
	const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length);
	return timingSafeEqual(expected, actual);
}

// The string below holds an annotation marker; it does not count because it is not in a comment.
export const POLICY_NOTE = 'See // @iso27001 A.5.1 in the policy wiki';
