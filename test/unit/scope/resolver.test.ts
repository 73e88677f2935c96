import { strict as assert } from 'node:assert';
import { ScopeResolver } from '../../../src/core/scope';
import { defaultLocateWasm } from '../../../src/core/parse/treeSitter';
import type { Comment } from '../../../src/core/types';
import { annotationRequests, expectScopes, lexFixture, resolver, scopesOf } from './helpers';

const PYTHON = `import os

# @iso27001-file A.8.15 — whole module
# @iso27001 A.8.5
def login(user):
    return user
`;

describe('scope: ScopeResolver', () => {
	it('answers one scope per request, in order, with @iso27001-file covering the whole file', async () => {
		await expectScopes('python', PYTHON, [
			['file', 1, 6, null],
			['declaration', 5, 6, 'login'],
		]);
		const lex = lexFixture(PYTHON, 'python');
		const [file, decl] = annotationRequests(PYTHON, lex);
		const scopes = await resolver().resolve({ path: 'a.py', text: PYTHON, languageId: 'python' }, lex, [decl, file, decl]);
		assert.deepEqual(scopes.map((s) => s.kind), ['declaration', 'file', 'declaration']);
		assert.deepEqual(await resolver().resolve({ path: 'a.py', text: PYTHON, languageId: 'python' }, lex, []), []);
	});

	it('keeps lines right with CRLF line ends and characters outside the BMP', async () => {
		const ts = '// 🔐 é\r\n// @iso27001 A.8.24\r\nfunction seal() {\r\n\treturn 1;\r\n}\r\n';
		await expectScopes('typescript', ts, [['declaration', 3, 5, 'seal']]);
		const py = 's = "🔐é"\r\n# @iso27001 A.8.24\r\ndef seal():\r\n    return s\r\n';
		await expectScopes('python', py, [['declaration', 3, 4, 'seal']]);
	});

	it('never rejects, whatever the input', async () => {
		const bogus: Comment = { kind: 'line', start: 500, end: 400, contentStart: 0, contentEnd: 0, line: 99, endLine: 1, trailing: true };
		for (const languageId of ['typescript', 'python', 'go', 'yaml', 'no-such-language']) {
			for (const text of ['', '\u0000\u0001{{{(((', 'x'.repeat(10)]) {
				const scopes = await resolver().resolve({ path: 'x', text, languageId }, { comments: [bogus], strings: [] }, [
					{ comment: bogus, fileLevel: false },
					{ comment: bogus, fileLevel: true },
				]);
				assert.equal(scopes.length, 2);
				assert.equal(scopes[1].kind, 'file');
				for (const scope of scopes) {
					assert.ok(scope.startLine >= 1 && scope.endLine >= scope.startLine, JSON.stringify(scope));
				}
			}
		}
	});

	it('resolves lexically when a grammar cannot be loaded, and after dispose', async () => {
		const missing = ScopeResolver.create({
			locateWasm: (name) => (name === 'tree-sitter.wasm' ? defaultLocateWasm(name) : `/nonexistent/${name}`),
		});
		const lex = lexFixture(PYTHON, 'python');
		const scopes = await missing.resolve({ path: 'a.py', text: PYTHON, languageId: 'python' }, lex, annotationRequests(PYTHON, lex));
		assert.deepEqual(scopes[1], { kind: 'declaration', startLine: 5, endLine: 6, symbol: 'login' });
		missing.dispose();
		const disposed = ScopeResolver.create();
		disposed.dispose();
		const after = await disposed.resolve({ path: 'a.py', text: PYTHON, languageId: 'python' }, lex, annotationRequests(PYTHON, lex));
		assert.deepEqual(after[1], { kind: 'declaration', startLine: 5, endLine: 6, symbol: 'login' });
	});

	it('serves concurrent calls for several languages while grammars load', async () => {
		const fresh = ScopeResolver.create();
		const go = 'package main\n\n// @iso27001 A.8.5\nfunc Login() {\n}\n';
		const rb = 'class A\n  # @iso27001 A.8.5\n  def login\n  end\nend\n';
		const results = await Promise.all([
			scopesWith(fresh, 'go', go),
			scopesWith(fresh, 'ruby', rb),
			scopesWith(fresh, 'go', go),
			scopesWith(fresh, 'python', PYTHON),
		]);
		assert.deepEqual(results[0], [['declaration', 4, 5, 'Login']]);
		assert.deepEqual(results[1], [['declaration', 3, 4, 'A.login']]);
		assert.deepEqual(results[2], results[0]);
		assert.deepEqual(results[3][1], ['declaration', 5, 6, 'login']);
		fresh.dispose();
	});

	it('resolves the last annotation of a 2,000-line file, again and again with the parser loaded', async () => {
		const ts = repeat(200, (i) => `
export class Service${i} {
	private key = 'abc';
	// @iso27001 A.8.24
	async login(user: string, pass: string): Promise<boolean> {
		const hash = crypto.createHash('sha256').update(pass).digest('hex'); // @iso27001 A.8.24
		return this.repo.check(user, hash);
	}
}
`);
		const py = repeat(250, (i) => `
class Service${i}(Base):
    # @iso27001 A.8.24
    @decorator
    def login(self, user, pw):
        h = hashlib.sha256(pw.encode()).hexdigest()  # @iso27001 A.8.24
        return self.repo.check(user, h)
`);
		for (const [languageId, text] of [['typescript', ts], ['python', py]] as const) {
			const scopes = await scopesOf(languageId, text);
			assert.deepEqual(scopes[scopes.length - 1][3], languageId === 'typescript' ? 'hash' : 'h');
			for (let run = 0; run < 2; run++) {
				assert.deepEqual(await scopesOf(languageId, text), scopes, `${languageId}: run ${run}`);
			}
		}
	});
});

async function scopesWith(r: ScopeResolver, languageId: string, text: string): Promise<[string, number, number, string | null][]> {
	const lex = lexFixture(text, languageId);
	const scopes = await r.resolve({ path: 'x', text, languageId }, lex, annotationRequests(text, lex));
	return scopes.map((s) => [s.kind, s.startLine, s.endLine, s.symbol]);
}

function repeat(count: number, make: (i: number) => string): string {
	let text = '';
	for (let i = 0; i < count; i++) {
		text += make(i);
	}
	return text;
}
