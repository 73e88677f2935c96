import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FileAnalysis } from '../../../src/core/analysis/analyzeFile';
import { joinOwnCalls, OwnFunctionIndex } from '../../../src/core/coverage/ownCalls';
import { FileTable } from '../../../src/core/live/fileTable';
import { scanWorkspace } from '../../../src/core/scan/scan';
import type { Finding } from '../../../src/core/types';
import { CONTROLS_DIR } from '../helpers';

const STORE = `const crypto = require('node:crypto');
exports.sealPayloadDigest = function sealPayloadDigest(payload) {
  return crypto.createHash('sha256').update(payload).digest('hex');
};
exports.digest = function digest(payload) {
  return crypto.createHash('sha256').update(payload).digest('hex');
};
`;
const ROUTES = `const store = require('./store');
function approve(req, res) {
  const seal = store.sealPayloadDigest(req.body);
  const other = store.digest(req.body);
  res.json({ seal, other });
}
module.exports = { approve };
`;

function candidate(path: string, line: number, callee: string, category: Finding['category'] = 'crypto'): FileAnalysis['ownCalls'] {
	const finding: Finding = {
		file: path, line, column: 1, category, message: `\`${callee}(…)\` calls`, api: callee, suggestedControls: [], mapped: false, coveredBy: [],
		ignored: false, ignoreReason: null, rule: `app.${category}.own-function-call`, confidence: 'medium',
	};
	return [{ callee, finding }];
}
const analysis = (path: string, extra: Partial<FileAnalysis> = {}): FileAnalysis => ({ path, annotations: [], ignores: [], findings: [], problems: [], ...extra });

describe('own functions: calls joined with the definitions of other files', () => {
	it('makes a candidate a finding only where another file defines its name for its category', () => {
		const [definer, caller, sameFile, otherCategory] = joinOwnCalls([
			analysis('lib/seal.js', { defines: [{ name: 'sealPayloadDigest', category: 'crypto' }] }),
			analysis('routes.js', { ownCalls: candidate('routes.js', 3, 'sealPayloadDigest') }),
			analysis('lib/seal.js#2', { defines: [{ name: 'localSeal', category: 'crypto' }], ownCalls: candidate('lib/seal.js#2', 9, 'localSeal') }),
			analysis('auth.js', { ownCalls: candidate('auth.js', 4, 'sealPayloadDigest', 'auth') }),
		]);
		assert.deepEqual(definer.findings, []);
		assert.deepEqual(caller.findings.map((f) => [f.line, f.category, f.message]), [[3, 'crypto', '`sealPayloadDigest(…)` calls (defined in lib/seal.js)']]);
		assert.deepEqual(sameFile.findings, [], 'a file calling its own definition is left to the file');
		assert.deepEqual(otherCategory.findings, [], 'the definition stands for crypto, not auth');
	});

	it('tells which callers change when a definition appears or goes', () => {
		const index = new OwnFunctionIndex();
		const caller = analysis('routes.js', { ownCalls: candidate('routes.js', 3, 'sealPayloadDigest') });
		assert.deepEqual([...index.update('routes.js', null, caller)], []);
		const definer = analysis('lib/seal.js', { defines: [{ name: 'sealPayloadDigest', category: 'crypto' }] });
		assert.deepEqual(index.callersOf(index.update('lib/seal.js', null, definer), 'lib/seal.js'), ['routes.js']);
		assert.equal(index.join(caller).findings.length, 1);
		assert.deepEqual([...index.update('lib/seal.js', definer, definer)], [], 'an unchanged definition changes no caller');
		assert.deepEqual(index.callersOf(index.update('lib/seal.js', definer, null), 'lib/seal.js'), ['routes.js']);
		assert.equal(index.join(caller).findings.length, 0);
	});
});

describe('own functions in a scan and in the editor\'s table', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'iso-own-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	const scan = (files: Record<string, string>) => {
		const root = path.join(dir, `ws${Object.keys(files).length}`);
		mkdirSync(root, { recursive: true });
		for (const [rel, text] of Object.entries(files)) {
			writeFileSync(path.join(root, rel), text);
		}
		return scanWorkspace({ root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version: 'test' }, anchors: false });
	};
	const own = (findings: readonly Finding[]) => findings.filter((f) => f.rule.endsWith('own-function-call')).map((f) => `${f.file}:${f.line} ${f.rule}`);

	it('reports a call of another file\'s hashing function, not of a one-word one, and nothing once the definition is gone', async () => {
		const both = await scan({ 'store.js': STORE, 'routes.js': ROUTES });
		assert.deepEqual(own(both.result.findings), ['routes.js:3 app.crypto.own-function-call']);
		assert.match(both.result.findings.find((f) => f.file === 'routes.js')?.message ?? '', /defined in store\.js/);
		const alone = await scan({ 'routes.js': ROUTES });
		assert.deepEqual(own(alone.result.findings), []);
	});

	it('keeps the editor\'s table joined as files change, and names the callers to refresh', async () => {
		const { detail } = await scan({ 'store.js': STORE, 'routes.js': ROUTES });
		const byPath = new Map(detail.analyses.map((a) => [a.path, a]));
		assert.deepEqual(detail.analyses.flatMap((a) => a.findings).filter((f) => f.rule.endsWith('own-function-call')), [], 'per-file results are not joined');
		const table = new FileTable();
		const entry = (p: string, a: FileAnalysis | null) => ({ path: p, indexed: a !== null, analysis: a, problems: [] });
		assert.deepEqual(table.apply(entry('routes.js', byPath.get('routes.js')!)), []);
		assert.deepEqual(own(table.get('routes.js').analysis?.findings ?? []), []);
		assert.deepEqual(table.apply(entry('store.js', byPath.get('store.js')!)), ['routes.js']);
		assert.deepEqual(own(table.get('routes.js').analysis?.findings ?? []), ['routes.js:3 app.crypto.own-function-call']);
		assert.equal(table.entries().find((e) => e.path === 'routes.js')?.analysis?.findings.length, 0, 'entries travel as recorded');
		assert.deepEqual(own(table.assemble({ tool: { name: 't', version: '0' }, root: dir, catalog: (await scan({})).settings.catalog, soa: {} }).result.findings),
			['routes.js:3 app.crypto.own-function-call']);
		assert.deepEqual(table.apply(entry('store.js', null)), ['routes.js']);
		assert.deepEqual(own(table.get('routes.js').analysis?.findings ?? []), []);
	});
});
