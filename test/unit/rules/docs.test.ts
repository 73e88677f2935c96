import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesMarkdown, withRulesSection } from '../../../src/core/rules/docs';
import { builtinRules, builtinRulesDir } from '../../../src/core/rules/load';

describe('rules: docs/rules.md is derived from the rule files', () => {
	const root = path.dirname(builtinRulesDir());
	const markdown = rulesMarkdown(builtinRules(), root);

	it('documents every rule id with its confidence and where it is defined', () => {
		for (const r of builtinRules()) {
			assert.ok(markdown.includes(`#### \`${r.id}\` (${r.confidence})`), r.id);
		}
		assert.match(markdown, /Defined in `rules\/app-auth\.yaml:\d+`/);
	});

	it('is up to date (run `npm run rules:docs` after changing a rule file)', () => {
		const doc = fs.readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
		assert.equal(withRulesSection(doc, markdown), doc);
		assert.match(doc, /^# iso27001 rules/);
	});

	it('replaces only its own section', () => {
		const once = withRulesSection('# head\n', 'A\n');
		assert.equal(withRulesSection(`${once}tail\n`, 'B\n'), '# head\n\n<!-- detection-rules:begin -->\nB\n<!-- detection-rules:end -->\ntail\n');
	});
});
