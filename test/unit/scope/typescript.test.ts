import { strict as assert } from 'node:assert';
import { ScopeResolver } from '../../../src/core/scope';
import { annotationRequests, expectScopes, lexFixture } from './helpers';

describe('scope: TypeScript and JavaScript (TypeScript-ESTree)', () => {
	it('covers a function declaration below the comment', async () => {
		await expectScopes('typescript', `import crypto from 'node:crypto';

// @iso27001 A.8.24 — AES-256-GCM
export function encrypt(data: string): string {
	return data;
}
`, [['declaration', 4, 6, 'encrypt']]);
	});

	it('covers a class with its decorator, and a method with its decorators, via JSDoc and line comments', async () => {
		await expectScopes('typescript', `/**
 * Authentication.
 * @iso27001 A.8.5
 */
@Injectable()
export class AuthService {
	// @iso27001 A.8.5 — login
	@Get('/login')
	@UseGuards(AuthGuard)
	async login(user: string) {
		return user;
	}

	/** @iso27001 A.5.17 */
	constructor(private readonly repo: Repo) {}
}
`, [
			['declaration', 5, 16, 'AuthService'],
			['declaration', 8, 12, 'AuthService.login'],
			['declaration', 15, 15, 'AuthService.constructor'],
		]);
	});

	it('names nested classes, namespaces and interface members', async () => {
		await expectScopes('typescript', `namespace Outer {
	export class Inner {
		// @iso27001 A.8.5
		method() {}
	}
}
interface Session {
	// @iso27001 A.5.17
	token: string;
}
`, [
			['declaration', 4, 4, 'Outer.Inner.method'],
			['declaration', 9, 9, 'Session.token'],
		]);
	});

	it('covers an arrow function and a function expression bound to a name', async () => {
		await expectScopes('typescript', `// @iso27001 A.8.5
export const handler = async (req: Request) => {
	return req;
};

// @iso27001 A.8.5
const verify = function (token: string) {
	return token.length > 0;
};
`, [
			['declaration', 2, 4, 'handler'],
			['declaration', 7, 9, 'verify'],
		]);
	});

	it('names the default export, object-literal methods and object properties', async () => {
		await expectScopes('typescript', `// @iso27001 A.8.24
export default function () {}

const api = {
	// @iso27001 A.5.15
	login() {
		return 1;
	},
	secret: process.env.SECRET, // @iso27001 A.8.24
};
`, [
			['declaration', 2, 2, 'default'],
			['declaration', 6, 8, 'api.login'],
			['statement', 9, 9, 'secret'],
		]);
	});

	it('covers a whole multi-line statement from a trailing comment on one of its lines', async () => {
		await expectScopes('typescript', `function hashPassword(pass: string) {
	const hash = crypto
		.createHash('sha256') // @iso27001 A.8.24
		.update(pass)
		.digest('hex');
	return hash;
}
const key = crypto.randomBytes(32); // @iso27001 A.8.24
`, [
			['statement', 2, 5, 'hash'],
			['statement', 8, 8, 'key'],
		]);
	});

	it('covers the next statement when it is not a declaration, skipping blank lines and comments', async () => {
		await expectScopes('typescript', `class Audit {
	record(event: string) {
		// @iso27001 A.8.15 — audit trail

		// (the logger is configured in main.ts)
		logger.info(event, {
			user: this.user,
		});
	}
}
`, [['statement', 6, 8, 'Audit.record']]);
	});

	it('gives a comment at the end of a block to the enclosing declaration, or to the file at top level', async () => {
		await expectScopes('typescript', `export class Vault {
	open() {
		unlock();
		if (ready) {
			read();
			// @iso27001 A.8.24
		}
		// @iso27001 A.8.24
	}
}
if (x) {
	go();
	// @iso27001 A.8.15
}
// @iso27001 A.5.1
`, [
			['declaration', 2, 9, 'Vault.open'],
			['declaration', 2, 9, 'Vault.open'],
			['statement', 11, 14, null],
			['file', 1, 15, null],
		]);
	});

	it('covers a route handler call whose callback ends with the comment', async () => {
		await expectScopes('javascript', `app.get('/admin', (req, res) => {
	res.send(render());
	// @iso27001 A.8.3
});
`, [['statement', 1, 4, null]]);
	});

	it('names CommonJS exports and prototype methods', async () => {
		await expectScopes('javascript', `const crypto = require('crypto');

// @iso27001 A.8.24
module.exports.hash = function (data) {
	return crypto.createHash('sha256').update(data).digest('hex');
};

// @iso27001 A.8.5
exports.login = (user) => user;

// @iso27001 A.8.5
Auth.prototype.logout = function () {};

module.exports = {
	// @iso27001 A.8.5
	verify(token) {
		return true;
	},
};
`, [
			['declaration', 4, 6, 'hash'],
			['declaration', 9, 9, 'login'],
			['declaration', 12, 12, 'Auth.logout'],
			['declaration', 16, 18, 'verify'],
		]);
	});

	it('covers a TSX component arrow function and a memo-wrapped component', async () => {
		await expectScopes('typescriptreact', `import React from 'react';

// @iso27001 A.8.5
export const LoginForm = ({ onSubmit }: Props) => {
	const [pw, setPw] = React.useState(''); // @iso27001 A.8.24
	return (
		<form onSubmit={onSubmit}>
			<input type="password" value={pw} />
		</form>
	);
};

// @iso27001 A.8.5
export const Guard = React.memo(() => <div />);
`, [
			['declaration', 4, 11, 'LoginForm'],
			['statement', 5, 5, 'LoginForm'],
			['declaration', 14, 14, 'Guard'],
		], 'LoginForm.tsx');
	});

	it('falls back to the lexical resolver for a file broken mid-edit', async () => {
		await expectScopes('typescript', `import crypto from 'node:crypto';

export class AuthService {
	// @iso27001 A.8.5
	async login(user: string) {
		const x = crypto.createHash(
		return x;
	}

	// @iso27001 A.8.24
	@Log()
	encrypt(data: string): string {
		return data; // @iso27001 A.8.24
	}
}

// @iso27001 A.8.5
export function helper() {
	return 1;
}
`, [
			['declaration', 5, 8, 'AuthService.login'],
			['declaration', 11, 14, 'AuthService.encrypt'],
			['statement', 13, 13, 'AuthService.encrypt'],
			['declaration', 18, 20, 'helper'],
		]);
	});

	it('resolves the script of a Vue component', async () => {
		await expectScopes('vue', `<template>
	<div>{{ user }}</div>
</template>
<script setup lang="ts">
// @iso27001 A.8.5
function login(user: string) {
	return user;
}
</script>
`, [['declaration', 6, 8, 'login']], 'Login.vue');
	});
});

describe('scope: TypeScript declaration files', () => {
	it('resolves annotations in a .d.ts lexically, without loading TypeScript-ESTree', async () => {
		const text = `// @iso27001 A.8.5 — the session API
export interface SessionStore {
	get(id: string): Promise<Session | null>;
	destroy(id: string): Promise<void>;
}
`;
		const resolver = ScopeResolver.create();
		let loads = 0;
		const load = resolver.parsers.estree.bind(resolver.parsers);
		resolver.parsers.estree = () => {
			loads++;
			return load();
		};
		const lexed = lexFixture(text, 'typescript');
		const [scope] = await resolver.resolve({ path: 'types/session.d.ts', text, languageId: 'typescript' }, lexed, annotationRequests(text, lexed));
		assert.deepEqual([scope.kind, scope.startLine, scope.endLine], ['declaration', 2, 5]);
		assert.equal(loads, 0, 'TypeScript-ESTree asked for');
		await resolver.resolve({ path: 'types/session.ts', text, languageId: 'typescript' }, lexed, annotationRequests(text, lexed));
		assert.equal(loads, 1, 'a .ts file is parsed');
	});
});
