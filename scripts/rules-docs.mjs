// Writes docs/rules.md from the rule files (`npm run rules:docs`); a unit test fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
require('tsx/cjs');
const { rulesMarkdown, withRulesSection } = require('../src/core/rules/docs.ts');
const { loadRuleDir } = require('../src/core/rules/load.ts');
const file = join(root, 'docs/rules.md');
writeFileSync(file, withRulesSection(readFileSync(file, 'utf8'), rulesMarkdown(loadRuleDir(join(root, 'rules')), root)));
console.log('wrote docs/rules.md');
