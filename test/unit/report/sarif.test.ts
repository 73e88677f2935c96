import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { FINGERPRINT_KEY, toSarif, type SarifLog, type SarifOptions, type SarifResult } from '../../../src/core/report/sarif';
import { ruleAnchor } from '../../../src/core/report/sarifRules';
import { CATEGORIES, PROBLEM_CODES, type Finding, type Problem, type ScanResult } from '../../../src/core/types';

const REPO = path.join(__dirname, '../../..');

/**
 * The SARIF 2.1.0 JSON schema (revision rtm.5, JSON Schema draft-04) as Microsoft's SARIF SDK
 * ships it in the npm package @microsoft/jest-sarif.
 */
function sarifSchema(): object {
	const dir = path.dirname(require.resolve('@microsoft/jest-sarif/package.json'));
	return JSON.parse(readFileSync(path.join(dir, 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
}

const validate = (() => {
	// unicodeRegExp off: the schema's `language` pattern has a stray ']' that only non-Unicode regular expressions accept.
	const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
	addFormats(ajv);
	return ajv.compile(sarifSchema());
})();

function finding(over: Partial<Finding>): Finding {
	return {
		file: 'src/crypto.ts', line: 3, column: 5, category: 'crypto', message: 'hash created with crypto.createHash',
		api: 'crypto.createHash', suggestedControls: ['A.8.24'], mapped: false, coveredBy: [], ignored: false, ignoreReason: null, rule: 'test.crypto', confidence: 'high', ...over,
	};
}

function problem(over: Partial<Problem>): Problem {
	return { file: 'src/a.ts', line: 1, column: 4, code: 'unknown-control', severity: 'error', message: 'A.8.99 is not a control', ...over };
}

function scanResult(findings: Finding[], problems: Problem[], root = '/work/some project'): ScanResult {
	return {
		tool: { name: 'iso27001', version: '0.1.0' }, root,
		catalog: { id: 'iso27001-2022', framework: 'ISO/IEC 27001', version: '2022' },
		files: 3, annotations: [], findings, problems, coverage: { percent: 0, controls: [] },
	};
}

const OPTIONS: SarifOptions = {
	toolVersion: '0.1.0',
	informationUri: 'https://github.com/iso27001-annotations/iso27001-annotations',
	rulesHelpBase: 'https://github.com/iso27001-annotations/iso27001-annotations/blob/main/docs/rules.md',
};

/** Options whose lineText reads from in-memory files. */
function withFiles(files: Record<string, string>): SarifOptions {
	return { ...OPTIONS, lineText: (file, line) => files[file]?.split('\n')[line - 1] };
}

function assertValid(log: SarifLog): void {
	const ok = validate(JSON.parse(JSON.stringify(log)));
	assert.ok(ok, JSON.stringify(validate.errors, null, 2));
}

const results = (log: SarifLog): readonly SarifResult[] => log.runs[0].results;

describe('SARIF output', () => {
	const all = scanResult([
		finding({}),
		finding({ line: 9, category: 'auth', api: 'jwt.sign', suggestedControls: ['A.8.5', 'A.5.17'], message: '' }),
		finding({ line: 12, mapped: true, coveredBy: ['A.8.24'] }),
		finding({ line: 20, ignored: true, ignoreReason: 'md5 for cache keys only' }),
	], [
		problem({}),
		problem({ code: 'legacy-control', severity: 'warning', line: 2, endLine: 2, endColumn: 12, message: 'A.10.1.1 is a 2013 control' }),
		problem({ code: 'file-error', severity: 'info', file: 'assets/big file ü.bin', message: 'skipped' }),
		problem({ code: 'config-error', severity: 'warning', file: '.iso27001.yaml', line: 4, column: 3, message: 'soa entry' }),
	]);

	it('validates against the SARIF 2.1.0 schema, with and without results', () => {
		assertValid(toSarif(all, withFiles({ 'src/crypto.ts': 'a\nb\nconst h = createHash("sha256");\n' })));
		assertValid(toSarif(scanResult([], []), OPTIONS));
	});

	it('says which detection rule found unmapped code, and with what confidence', () => {
		const log = toSarif(scanResult([finding({ rule: 'app.crypto.secret-hash', confidence: 'medium' })], [problem({})]), OPTIONS);
		const [fromFinding, fromProblem] = [...results(log)].sort((a, b) => (a.properties ? -1 : 1) - (b.properties ? -1 : 1));
		assert.deepEqual(fromFinding.properties, { 'iso27001/detectionRule': 'app.crypto.secret-hash', 'iso27001/confidence': 'medium' });
		assert.equal(fromProblem.properties, undefined);
		assertValid(log);
	});

	it('the schema check is real: it rejects a broken log', () => {
		const log = JSON.parse(JSON.stringify(toSarif(all, OPTIONS))) as { runs: { results: { level: string }[] }[] };
		log.runs[0].results[0].level = 'fatal';
		assert.equal(validate(log), false);
		assert.equal(validate({ version: '2.0.0', runs: [] }), false);
	});

	it('describes the tool and one rule per problem code and per category, with help and tags', () => {
		const run = toSarif(all, OPTIONS).runs[0];
		const { driver } = run.tool;
		assert.equal(driver.name, 'iso27001');
		assert.equal(driver.semanticVersion, '0.1.0');
		assert.equal(driver.informationUri, OPTIONS.informationUri);
		const ids = driver.rules.map((r) => r.id);
		assert.deepEqual(ids, [...PROBLEM_CODES, ...CATEGORIES.map((c) => `unmapped-sensitive-code/${c}`)]);
		assert.equal(new Set(ids).size, ids.length);
		for (const r of driver.rules) {
			assert.ok(r.name && r.shortDescription.text && r.fullDescription.text && r.help.text && r.help.markdown, r.id);
			assert.ok(r.helpUri.startsWith(`${OPTIONS.rulesHelpBase}#`), r.helpUri);
			assert.ok(r.properties.tags.includes('iso27001'), r.id);
		}
		const crypto = driver.rules.find((r) => r.id === 'unmapped-sensitive-code/crypto')!;
		assert.equal(crypto.defaultConfiguration.level, 'error');
		assert.ok(crypto.properties.tags.includes('security'));
		assert.match(crypto.help.markdown, /@iso27001 A\.8\.24/);
		assert.match(crypto.help.markdown, /@iso27001-ignore crypto — /);
		assert.equal(driver.rules.find((r) => r.id === 'legacy-control')!.defaultConfiguration.level, 'warning');
		assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/some%20project/' } });
	});

	it('every helpUri anchor exists in docs/rules.md', () => {
		const doc = readFileSync(path.join(REPO, 'docs/rules.md'), 'utf8');
		for (const r of toSarif(all, OPTIONS).runs[0].tool.driver.rules) {
			const anchor = r.helpUri.split('#')[1];
			assert.equal(anchor, ruleAnchor(r.id));
			assert.ok(doc.includes(`<a name="${anchor}"></a>`), `docs/rules.md lacks the anchor ${anchor}`);
		}
	});

	it('every result references an existing rule by id and index', () => {
		const log = toSarif(all, OPTIONS);
		const rules = log.runs[0].tool.driver.rules;
		for (const r of results(log)) {
			assert.equal(rules[r.ruleIndex]?.id, r.ruleId);
		}
	});

	it('unmapped findings are errors naming the api and controls; mapped ones are left out', () => {
		const log = toSarif(all, OPTIONS);
		const found = results(log).filter((r) => r.ruleId.startsWith('unmapped-sensitive-code/') && !r.suppressions);
		assert.equal(found.length, 2);
		assert.ok(found.every((r) => r.level === 'error'));
		const auth = found.find((r) => r.ruleId === 'unmapped-sensitive-code/auth')!;
		assert.match(auth.message.text, /jwt\.sign/);
		assert.match(auth.message.text, /A\.8\.5, A\.5\.17/);
		const crypto = found.find((r) => r.ruleId === 'unmapped-sensitive-code/crypto')!;
		assert.match(crypto.message.text, /crypto\.createHash/);
		assert.deepEqual(crypto.locations?.[0].physicalLocation, {
			artifactLocation: { uri: 'src/crypto.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 5 },
		});
		assert.ok(!results(log).some((r) => r.locations?.[0].physicalLocation.region?.startLine === 12), 'mapped finding must not be a result');
	});

	it('ignored findings are results suppressed in source with the reason', () => {
		const suppressed = results(toSarif(all, OPTIONS)).filter((r) => r.suppressions);
		assert.equal(suppressed.length, 1);
		assert.equal(suppressed[0].ruleId, 'unmapped-sensitive-code/crypto');
		assert.deepEqual(suppressed[0].suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'md5 for cache keys only' }]);
		assert.equal(suppressed[0].locations?.[0].physicalLocation.region?.startLine, 20);
	});

	it('maps problem severities to levels, keeps end positions and encodes paths', () => {
		const byRule = new Map(results(toSarif(all, OPTIONS)).map((r) => [r.ruleId, r]));
		assert.equal(byRule.get('unknown-control')?.level, 'error');
		assert.equal(byRule.get('legacy-control')?.level, 'warning');
		assert.equal(byRule.get('file-error')?.level, 'note');
		assert.deepEqual(byRule.get('legacy-control')?.locations?.[0].physicalLocation.region, { startLine: 2, startColumn: 4, endLine: 2, endColumn: 12 });
		assert.equal(byRule.get('file-error')?.locations?.[0].physicalLocation.artifactLocation.uri, 'assets/big%20file%20%C3%BC.bin');
		assert.equal(byRule.get('config-error')?.message.text, 'soa entry');
	});

	it('fingerprints are stable across runs and when unrelated lines are inserted above', () => {
		const before = 'import x from "y";\nconst h = createHash("md5");\n// @iso27001 A.8.99\n';
		const after = '// a new header line\n\nimport x from "y";\nconst h = createHash("md5");\n// @iso27001 A.8.99\n';
		const log1 = toSarif(scanResult([finding({ line: 2 })], [problem({ line: 3 })]), withFiles({ 'src/crypto.ts': before, 'src/a.ts': before }));
		const again = toSarif(scanResult([finding({ line: 2 })], [problem({ line: 3 })]), withFiles({ 'src/crypto.ts': before, 'src/a.ts': before }));
		const log2 = toSarif(scanResult([finding({ line: 4 })], [problem({ line: 5 })]), withFiles({ 'src/crypto.ts': after, 'src/a.ts': after }));
		const prints = (log: SarifLog): string[] => results(log).map((r) => r.partialFingerprints[FINGERPRINT_KEY]).sort();
		assert.deepEqual(prints(log1), prints(again));
		assert.deepEqual(prints(log1), prints(log2));
		assert.equal(new Set(prints(log1)).size, 2);
	});

	it('identical lines get distinct fingerprints by occurrence; a changed line gets a new one', () => {
		const text = 'createHash("md5");\ncreateHash("md5");\n';
		const log = toSarif(scanResult([finding({ line: 1 }), finding({ line: 2 })], []), withFiles({ 'src/crypto.ts': text }));
		const [a, b] = results(log).map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
		assert.notEqual(a, b);
		const changed = toSarif(scanResult([finding({ line: 1 })], []), withFiles({ 'src/crypto.ts': 'createHash("sha1");\n' }));
		assert.notEqual(results(changed)[0].partialFingerprints[FINGERPRINT_KEY], a);
	});

	it('falls back to line numbers without file text', () => {
		const one = toSarif(scanResult([finding({ line: 2 })], []), OPTIONS);
		const moved = toSarif(scanResult([finding({ line: 3 })], []), OPTIONS);
		const same = toSarif(scanResult([finding({ line: 2 })], []), { ...OPTIONS, lineText: () => undefined });
		const print = (log: SarifLog): string => results(log)[0].partialFingerprints[FINGERPRINT_KEY];
		assert.match(print(one), /^[0-9a-f]{64}$/);
		assert.notEqual(print(one), print(moved));
		assert.equal(print(one), print(same));
	});
});

describe('iso27001 scan --format sarif (built bundle)', function () {
	this.timeout(60000);
	const CLI = path.join(REPO, 'bin', 'iso27001.js');
	const cli = (...args: string[]): { code: number; stdout: string; stderr: string } => {
		const r = spawnSync(process.execPath, [CLI, ...args, '--quiet'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
		return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
	};
	let tmp: string;
	before(() => assert.ok(existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js missing: run `npm run build`'));
	beforeEach(() => {
		tmp = mkdtempSync(path.join(tmpdir(), 'iso-sarif-'));
	});
	afterEach(() => rmSync(tmp, { recursive: true, force: true }));

	it('writes a valid log for the examples with one result per problem and unmapped or ignored finding', () => {
		const out = path.join(tmp, 'out', 'iso27001.sarif');
		const r = cli('scan', path.join(REPO, 'examples'), '--format', 'sarif', '--output', out);
		assert.equal(r.code, 0, r.stderr);
		const log = JSON.parse(readFileSync(out, 'utf8')) as SarifLog;
		assertValid(log);
		const scan = JSON.parse(cli('scan', path.join(REPO, 'examples'), '--format', 'json').stdout) as ScanResult;
		assert.equal(results(log).length, scan.problems.length + scan.findings.filter((f) => !f.mapped).length);
		assert.equal(log.runs[0].tool.driver.informationUri, 'https://github.com/iso27001-annotations/iso27001-annotations');
		assert.ok(results(log).some((r) => r.ruleId === 'unknown-control' && r.level === 'error'));
	});

	it('fingerprints from the files themselves survive lines inserted above', () => {
		writeFileSync(path.join(tmp, 'a.ts'), '// @iso27001 A.8.99 — unknown\nexport const a = 1;\n');
		const first = JSON.parse(cli('scan', tmp, '--format', 'sarif').stdout) as SarifLog;
		writeFileSync(path.join(tmp, 'a.ts'), 'import "x";\n\n// @iso27001 A.8.99 — unknown\nexport const a = 1;\n');
		const second = JSON.parse(cli('scan', tmp, '--format', 'sarif').stdout) as SarifLog;
		assert.equal(results(second)[0].locations?.[0].physicalLocation.region?.startLine, 3);
		assert.equal(results(first)[0].partialFingerprints[FINGERPRINT_KEY], results(second)[0].partialFingerprints[FINGERPRINT_KEY]);
	});
});
