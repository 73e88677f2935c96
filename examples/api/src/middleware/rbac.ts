import type { NextFunction, Request, Response } from 'express';

type Role = 'viewer' | 'operator' | 'admin';

const PERMISSIONS: Record<Role, readonly string[]> = {
	viewer: ['payments:read'],
	operator: ['payments:read', 'payments:refund'],
	admin: ['payments:read', 'payments:refund', 'users:manage'],
};

// Legacy ID from the 2013 programme, kept on purpose so the example shows the rewrite hint.
// @iso27001 A.9.4.1, A.5.15 — every route declares the permission it needs; deny by default
export function requirePermission(permission: string) {
	return (req: Request, res: Response, next: NextFunction): void => {
		const roles = (req as Request & { session?: { roles: Role[] } }).session?.roles ?? [];
		if (roles.some((r) => PERMISSIONS[r]?.includes(permission))) {
			next();
			return;
		}
		res.status(403).json({ error: 'forbidden' });
	};
}

export class AdminGuard {
	// @iso27001 A.8.2 — privileged operations need the admin role and a fresh login
	static check(roles: readonly Role[], authenticatedAt: Date): boolean {
		const fresh = Date.now() - authenticatedAt.getTime() < 5 * 60_000;
		return roles.includes('admin') && fresh;
	}
}
