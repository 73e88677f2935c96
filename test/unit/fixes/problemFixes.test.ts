import * as assert from 'node:assert/strict';
import { applyEdits, ignoreReasonFix, unknownControlFixes } from '../../../src/core/fixes';
import type { Problem } from '../../../src/core/types';
import { builtInCatalogs } from '../helpers';
import { analyse, src } from './helpers';

async function problemOf(text: string, code: Problem['code'], languageId = 'typescript'): Promise<Problem> {
	const a = await analyse(languageId === 'python' ? 'a.py' : 'a.ts', languageId, text);
	const p = a.problems.find((x) => x.code === code);
	assert.ok(p, `${code} in ${JSON.stringify(a.problems)}`);
	return p;
}

describe('fixes: the reason of an ignore', () => {
	for (const [what, line, languageId] of [
		['no separator', '// @iso27001-ignore crypto', 'typescript'],
		['a separator and a space', '// @iso27001-ignore crypto — ', 'typescript'],
		['a glued separator', '# @iso27001-ignore crypto:', 'python'],
		['a block comment', '/* @iso27001-ignore crypto */', 'typescript'],
	] as const) {
		it(`puts the cursor where the reason goes: ${what}`, async () => {
			const text = src(line, languageId === 'python' ? 'import hashlib' : 'const x = 1;');
			const fix = ignoreReasonFix(text, await problemOf(text, 'missing-ignore-reason', languageId))!;
			const after = fix.edit ? applyEdits(text, [fix.edit]) : text;
			const first = after.split('\n')[0];
			const { column } = fix.cursor;
			assert.equal(fix.cursor.line, 1);
			// Writing the reason at the cursor gives a complete ignore, with no problem left.
			const written = after.replace(first, `${first.slice(0, column - 1)}cache keys only${first.slice(column - 1)}`);
			const again = await analyse(languageId === 'python' ? 'a.py' : 'a.ts', languageId, written);
			assert.deepEqual(again.problems.map((p) => p.code), [], written);
			assert.equal(again.ignores[0]?.reason, 'cache keys only', written);
		});
	}
});

describe('fixes: an unknown control ID', () => {
	const { c2022 } = builtInCatalogs();

	it('offers the closest IDs, each replacing the unknown one', async () => {
		const text = src('// @iso27001 A.8.42 — encrypted card tokens', 'export const x = 1;');
		const fixes = unknownControlFixes(text, await problemOf(text, 'unknown-control'), c2022);
		assert.equal(fixes[0].control.id, 'A.8.24');
		assert.equal(applyEdits(text, [fixes[0].edit]).split('\n')[0], '// @iso27001 A.8.24 — encrypted card tokens');
		assert.ok(fixes.length <= 5);
	});

	it('uses the rationale\'s words when the number is far off', async () => {
		const text = src('// @iso27001 A.8.77, A.8.5 — audit logging of refunds', 'export const x = 1;');
		const ids = unknownControlFixes(text, await problemOf(text, 'unknown-control'), c2022).map((f) => f.control.id);
		assert.ok(ids.includes('A.8.15'), ids.join());
	});
});
