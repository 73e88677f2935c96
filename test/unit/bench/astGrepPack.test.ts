import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { builtinRules } from '../../../src/core/rules/load';
import type { RuleRecord } from '../../../src/core/rules/model';

interface AstGrepRule { id: string; language: string; severity: string; message: string; rule: unknown }
interface Pack { byLanguage: Record<string, AstGrepRule[]>; byKind: Record<string, { covered: number; records: number }> }
interface Generator {
	AST_GREP_LANGUAGES: Record<string, string>;
	astGrepPack(records: readonly RuleRecord[]): Pack;
	packYaml(rules: AstGrepRule[]): string;
	writePack(dir: string, records: readonly RuleRecord[]): { pack: Pack; config: string };
	astGrepBinary(): string | null;
	astGrepArgs(config: string, paths: string[]): string[];
}

const loadGenerator = async (): Promise<Generator> =>
	(await import(pathToFileURL(path.join(__dirname, '../../../scripts/bench-astgrep.mjs')).href)) as Generator;

describe('bench: the ast-grep peer\'s rule pack, generated from the rule records', () => {
	const records = builtinRules();
	let gen: Generator;
	let pack: Pack;
	before(async () => {
		gen = await loadGenerator();
		pack = gen.astGrepPack(records);
	});

	it('is valid YAML: one document per rule, each with a unique id, a language and a rule', () => {
		const ids = new Set<string>();
		for (const [language, rules] of Object.entries(pack.byLanguage)) {
			const docs = parseAllDocuments(gen.packYaml(rules));
			assert.equal(docs.length, rules.length, language);
			for (const doc of docs) {
				assert.deepEqual(doc.errors, [], language);
				const rule = doc.toJS() as AstGrepRule;
				assert.equal(rule.language, language);
				assert.ok(rule.rule !== null && typeof rule.rule === 'object', rule.id);
				assert.ok(!ids.has(rule.id), `duplicate id ${rule.id}`);
				ids.add(rule.id);
			}
		}
		assert.ok(ids.size > 500, `${ids.size} rules`);
	});

	it('covers every language the api records are for, with rules made from those records', () => {
		const apiRecords = records.filter((r) => r.match.kind === 'api');
		const languages = new Set(apiRecords.flatMap((r) => (r.languages ?? []).map((id) => gen.AST_GREP_LANGUAGES[id]).filter((l) => l !== undefined)));
		assert.ok(languages.size >= 6, [...languages].join(', '));
		for (const language of languages) {
			const fromApi = (pack.byLanguage[language] ?? []).filter((rule) => apiRecords.some((r) => rule.id === `${r.id}.${language.toLowerCase()}`));
			assert.ok(fromApi.length > 0, `${language}: no rule from an api record`);
		}
		for (const kind of ['api', 'member', 'method', 'name']) {
			assert.ok(pack.byKind[kind].covered > 0, kind);
		}
	});

	it('ast-grep accepts the pack and finds crypto.createHash in JavaScript and hashlib.sha256 in Python', function () {
		// Generating the pack and running ast-grep takes about 5 s idle: room for a busy machine, not a speed check.
		this.timeout(90_000);
		const bin = gen.astGrepBinary();
		if (bin === null || spawnSync(bin, ['--version']).status !== 0) {
			// Only when the binary is genuinely unavailable (no @ast-grep/cli build for this platform).
			this.skip();
		}
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iso27001-astgrep-'));
		try {
			const src = path.join(dir, 'src');
			fs.mkdirSync(src);
			fs.writeFileSync(path.join(src, 'digest.js'), "const crypto = require('crypto');\nconst h = crypto.createHash('sha256').update('x').digest('hex');\n");
			fs.writeFileSync(path.join(src, 'digest.py'), 'import hashlib\n\ndef f(data):\n    return hashlib.sha256()\n');
			fs.writeFileSync(path.join(src, 'plain.js'), 'const total = items.map((x) => x.price).reduce((a, b) => a + b, 0);\n');
			const { config } = gen.writePack(path.join(dir, 'pack'), records);
			const run = spawnSync(bin, gen.astGrepArgs(config, [src]), { encoding: 'utf8' });
			assert.equal(run.status, 0, run.stderr);
			const matches = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; ruleId: string; text: string });
			const found = (file: string, text: string, idPrefix: string): boolean =>
				matches.some((m) => m.file.endsWith(file) && m.text === text && m.ruleId.startsWith(idPrefix));
			assert.ok(found('digest.js', "crypto.createHash('sha256')", 'js.crypto.'), JSON.stringify(matches, null, 1));
			assert.ok(found('digest.py', 'hashlib.sha256()', 'python.'), JSON.stringify(matches, null, 1));
			assert.ok(!matches.some((m) => m.file.endsWith('plain.js')), 'nothing sensitive in plain.js');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
