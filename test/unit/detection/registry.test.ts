import { strict as assert } from 'node:assert';
import { defaultConfig } from '../../../src/core/config/loadConfig';
import { createDetectors } from '../../../src/core/detection';
import { CATEGORIES, type Category } from '../../../src/core/types';

describe('detector registry', () => {
	const all = defaultConfig().categories;
	const rule = { ...defaultConfig(), rules: [] }.rules;

	it('creates the built-in detectors for every family', () => {
		const detectors = createDetectors({ categories: all, rules: rule, trustCustomRules: true });
		const ids = detectors.map((d) => d.id);
		assert.ok(ids.some((id) => id.includes('javascript')), `no detector for javascript: ${ids.join(', ')}`);
		// Ruby, PHP, Rust, Swift (and Info.plist), shell and C/C++ are rule records, run by the lexical rule engine.
		for (const language of ['ruby', 'php', 'rust', 'swift', 'shellscript', 'c', 'cpp', 'xml']) {
			assert.ok(detectors.some((d) => d.id === 'rules' && d.languages.has(language)), `no rule detector for ${language}`);
		}
		// Python, Go, Java, Kotlin and C# are run by the tree-sitter rule engine, a detector per language.
		for (const language of ['python', 'go', 'java', 'kotlin', 'csharp']) {
			assert.ok(detectors.some((d) => d.id === `rules-tree-sitter:${language}` && d.languages.has(language)), `the tree-sitter rule engine does not run on ${language}`);
		}
	});

	it('creates none when every category is switched off, so the scan is the annotation pass alone', () => {
		const off = Object.fromEntries(CATEGORIES.map((c) => [c, false])) as Record<Category, boolean>;
		assert.deepEqual(createDetectors({ categories: off, rules: rule, trustCustomRules: true }), []);
	});
});
