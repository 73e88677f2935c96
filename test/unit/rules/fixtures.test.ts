/**
 * Every rule's examples are its tests (Semgrep style): in `rules/fixtures/<rule file>/`, a comment
 * `ruleid: <id>` means the next code line must have a finding of that rule, `ok: <id>` that it must
 * not. Every rule of a file needs at least one `ruleid` example.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageForPath, lex, maskNonCode } from '../../../src/core/lexer';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { builtinRulesDir, parseRuleFile } from '../../../src/core/rules/load';
import type { RuleRecord } from '../../../src/core/rules/model';
import { runDetectors } from '../detection/helpers';

interface Expectation {
	readonly kind: 'ruleid' | 'ok';
	readonly rule: string;
	/** 1-based line the expectation is about (the next line that is not only a comment). */
	readonly line: number;
	readonly at: number;
}

/** The `ruleid:`/`ok:` comments of a fixture and the code line each refers to. */
function expectations(text: string, languageId: string): Expectation[] {
	const lexed = lex(text, languageId);
	const code = maskNonCode(text, { comments: lexed.comments, strings: [] }).split('\n');
	const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
	const out: Expectation[] = [];
	for (const c of lexed.comments) {
		for (const m of text.slice(c.start, c.end).matchAll(/\b(ruleid|ok):\s*([a-z0-9][a-z0-9.-]*(?:\s*,\s*[a-z0-9][a-z0-9.-]*)*)/g)) {
			let line = lineOf(c.end - 1) + 1;
			while (line <= code.length && code[line - 1].trim() === '') {
				line++;
			}
			for (const rule of m[2].split(',').map((r) => r.trim()).filter(Boolean)) {
				out.push({ kind: m[1] as 'ruleid' | 'ok', rule, line, at: lineOf(c.start) });
			}
		}
	}
	return out;
}

const dir = builtinRulesDir();
const ruleFiles = fs.readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();

describe('rules: every rule file passes its fixtures', () => {
	it('ships rule files', () => assert.ok(ruleFiles.length > 0));
	for (const name of ruleFiles) {
		const stem = name.replace(/\.yaml$/, '');
		const file = path.join(dir, name);
		const records: RuleRecord[] = parseRuleFile(file, fs.readFileSync(file, 'utf8'));
		const fixtureDir = path.join(dir, 'fixtures', stem);
		const fixtures = fs.existsSync(fixtureDir) ? fs.readdirSync(fixtureDir).sort() : [];
		describe(name, () => {
			const covered = new Set<string>();
			for (const fixture of fixtures) {
				it(fixture, async () => {
					const text = fs.readFileSync(path.join(fixtureDir, fixture), 'utf8');
					const languageId = languageForPath(fixture);
					assert.ok(languageId, `no language for ${fixture}`);
					const findings = await runDetectors(recordDetectors(records, 'medium'), languageId, text, fixture);
					const failures: string[] = [];
					const ids = new Set(records.map((r) => r.id));
					for (const e of expectations(text, languageId)) {
						assert.ok(ids.has(e.rule), `${fixture}:${e.at}: '${e.rule}' is not a rule of ${name}`);
						const hit = findings.some((f) => f.line === e.line && f.rule === e.rule);
						if (e.kind === 'ruleid') {
							covered.add(e.rule);
						}
						if (hit !== (e.kind === 'ruleid')) {
							failures.push(`${fixture}:${e.line}: ${e.kind === 'ruleid' ? 'expected' : 'unexpected'} ${e.rule}`);
						}
					}
					assert.deepEqual(failures, []);
				});
			}
			it('has a ruleid example for every rule', () => {
				for (const fixture of fixtures) {
					const text = fs.readFileSync(path.join(fixtureDir, fixture), 'utf8');
					for (const e of expectations(text, languageForPath(fixture) ?? 'plaintext')) {
						if (e.kind === 'ruleid') {
							covered.add(e.rule);
						}
					}
				}
				assert.deepEqual(records.map((r) => r.id).filter((id) => !covered.has(id)), []);
			});
		});
	}
});
