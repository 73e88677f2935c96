import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CatalogIndex, loadCatalogFile, parseCatalog, validateLegacyMapping } from '../../../src/core/catalog';
import { ConfigError } from '../../../src/core/errors';

/** A minimal valid catalog; tests edit single lines of it. Line numbers are noted on the right. */
const BASE = [
	'id: t', // 1
	'framework: F', // 2
	'version: 1', // 3
	'title: T', // 4
	'themes:', // 5
	'  - { id: A.1, name: One }', // 6
	'controls:', // 7
	'  - id: A.1.1', // 8
	'    title: First', // 9
	'    theme: A.1', // 10
	'    description: The first control.', // 11
];

/** BASE with line `n` (1-based) replaced by `replacement` (a string, several lines, or nothing). */
function edit(n: number, replacement: string | string[]): string {
	const lines = [...BASE];
	lines.splice(n - 1, 1, ...(Array.isArray(replacement) ? replacement : [replacement]));
	return lines.join('\n') + '\n';
}

/** Asserts that `fn` throws a ConfigError at `line:column` whose detail matches `detail`. */
function throwsAt(fn: () => unknown, line: number, column: number, detail: RegExp, file = 'cat.yaml'): void {
	assert.throws(fn, (error: unknown) => {
		assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
		assert.equal(`${error.file}:${error.line}:${error.column}`, `${file}:${line}:${column}`, error.message);
		assert.match(error.detail, detail);
		assert.equal(error.message, `${file}:${line}:${column}: ${error.detail}`);
		return true;
	});
}

const parse = (text: string) => () => parseCatalog(text, 'cat.yaml');

describe('parseCatalog', () => {
	it('parses a valid catalog and normalises a numeric version to a string', () => {
		const c = parseCatalog(BASE.join('\n'), 'cat.yaml');
		assert.deepEqual(c, {
			id: 't',
			framework: 'F',
			version: '1',
			title: 'T',
			themes: [{ id: 'A.1', name: 'One' }],
			controls: [{ id: 'A.1.1', title: 'First', theme: 'A.1', description: 'The first control.' }],
			source: 'cat.yaml',
		});
		assert.equal(parseCatalog(edit(3, 'version: 2022.10'), 'x').version, '2022.10');
		assert.equal(parseCatalog(edit(3, 'version: "2013"'), 'x').version, '2013');
	});

	it('reports malformed YAML at the YAML error position', () => {
		throwsAt(parse(edit(9, '\ttitle: First')), 9, 1, /invalid YAML: Tabs/);
		throwsAt(parse(edit(4, 'title: T: x')), 4, 8, /invalid YAML/);
		throwsAt(parse(edit(9, ['    title: First', '    title: Again'])), 10, 5, /invalid YAML: Map keys must be unique/);
	});

	it('rejects unknown keys at the key', () => {
		throwsAt(parse(edit(9, '    titel: First')), 9, 5, /unknown key "titel" in control/);
		throwsAt(parse(edit(6, '  - { id: A.1, nmae: One }')), 6, 16, /unknown key "nmae" in theme/);
		throwsAt(parse(edit(2, 'framwork: F')), 2, 1, /unknown key "framwork" in catalog/);
	});

	it('rejects duplicate control IDs at the second id', () => {
		const text = edit(11, ['    description: The first control.', '  - id: A.1.1', '    title: Again', '    theme: A.1', '    description: A copy.']);
		throwsAt(parse(text), 12, 9, /duplicate control id "A\.1\.1" \(first defined on line 8\)/);
	});

	it('rejects duplicate theme IDs', () => {
		throwsAt(parse(edit(6, ['  - { id: A.1, name: One }', '  - { id: A.1, name: Two }'])), 7, 11, /duplicate theme id "A\.1"/);
	});

	it('reports a missing required key at its mapping', () => {
		throwsAt(parse(edit(9, [])), 8, 5, /control A\.1\.1 is missing required key "title"/);
		throwsAt(parse(edit(11, [])), 8, 5, /missing required key "description"/);
		throwsAt(parse(edit(2, [])), 1, 1, /catalog is missing required key "framework"/);
		throwsAt(parse(edit(6, '  - { name: One }')), 6, 5, /theme is missing required key "id"/);
	});

	it('rejects a control whose theme is not declared, at the theme value', () => {
		throwsAt(parse(edit(10, '    theme: A.2')), 10, 12, /theme "A\.2", which is not declared/);
	});

	it('rejects wrong types and empty strings', () => {
		throwsAt(parse(edit(9, '    title: 42')), 9, 12, /"title" of control A\.1\.1 must be a string/);
		throwsAt(parse(edit(9, "    title: ''")), 9, 12, /must not be empty/);
		throwsAt(parse(edit(9, '    title:')), 9, 5, /must be a non-empty string/);
		throwsAt(parse(edit(3, 'version: true')), 3, 10, /"version" of catalog must be a string/);
		const noThemes = (line: string) => edit(5, line).replace('  - { id: A.1, name: One }\n', '');
		throwsAt(parse(noThemes('themes: A.1')), 5, 9, /"themes" must be a list/);
		throwsAt(parse(noThemes('themes: []')), 5, 9, /"themes" must not be empty/);
		throwsAt(parse(edit(8, '  - id: A 1')), 8, 9, /control id "A 1" must not contain whitespace/);
		throwsAt(parse('- a\n- b\n'), 1, 1, /catalog must be a mapping/);
		throwsAt(parse(''), 1, 1, /catalog is empty/);
	});

	it('allows mapsTo only in a catalog with legacyOf', () => {
		throwsAt(parse(edit(11, ['    description: The first control.', '    mapsTo: [A.5.1]'])), 12, 5, /"mapsTo" is only allowed in a catalog with "legacyOf"/);
		const legacy = (mapsTo: string) => edit(1, ['id: t', 'legacyOf: base']).replace('control.\n', `control.\n${mapsTo}\n`);
		assert.deepEqual(parseCatalog(legacy('    mapsTo: [B.1, B.2]'), 'x').controls[0]?.mapsTo, ['B.1', 'B.2']);
		throwsAt(parse(legacy('    mapsTo: []')), 13, 13, /"mapsTo" of control A\.1\.1 must not be empty/);
		throwsAt(parse(legacy('    mapsTo: B.1')), 13, 13, /"mapsTo" of control A\.1\.1 must be a list/);
		throwsAt(parse(legacy('    mapsTo: [B.1, 7]')), 13, 19, /"mapsTo" entry of control A\.1\.1 must be a string/);
		throwsAt(parse(legacy('    mapsTo: [B.1, B.1]')), 13, 19, /lists "B\.1" twice/);
		throwsAt(parse(legacy('')), 9, 5, /missing required key "mapsTo"/);
	});

	it('reads suggestions: per category, naming the catalog\'s own controls', () => {
		const withSuggestions = (...lines: string[]) => `${BASE.join('\n')}\nsuggestions:\n${lines.join('\n')}\n`;
		assert.deepEqual(parseCatalog(withSuggestions('  crypto: [A.1.1]', '  tls: []'), 'x').suggestions, { crypto: ['A.1.1'], tls: [] });
		assert.equal(parseCatalog(`${BASE.join('\n')}\n`, 'x').suggestions, undefined);
		throwsAt(parse(withSuggestions('  cryptography: [A.1.1]')), 13, 3, /unknown key "cryptography" in "suggestions" \(expected one of: crypto, auth, access-control, secrets, tls, logging\)/);
		throwsAt(parse(withSuggestions('  crypto: [A.1.1, A.9.9]')), 13, 19, /"suggestions" of crypto: "A\.9\.9" is not a control of this catalog/);
		throwsAt(parse(withSuggestions('  crypto: A.1.1')), 13, 11, /"suggestions" of crypto must be a list/);
		throwsAt(parse(`${BASE.join('\n')}\nsuggestions: [A.1.1]\n`), 12, 14, /"suggestions" must be a mapping/);
	});
});

describe('validateLegacyMapping and CatalogIndex', () => {
	const target = parseCatalog(
		[...BASE.slice(0, 11), '  - id: A.1.2', '    title: Second', '    theme: A.1', '    description: The second control.'].join('\n'),
		'target.yaml',
	);
	const legacyText = (targets: string, legacyOf = 't') => [
		'id: old', // 1
		'framework: F', // 2
		'version: 0', // 3
		'title: Old', // 4
		`legacyOf: ${legacyOf}`, // 5
		'themes:', // 6
		'  - { id: X, name: Ex }', // 7
		'controls:', // 8
		'  - id: X.1', // 9
		'    title: Old one', // 10
		'    theme: X', // 11
		'    description: The old control.', // 12
		'    mapsTo: [A.1.1]', // 13
		'  - id: X.2', // 14
		'    title: Old two', // 15
		'    theme: X', // 16
		'    description: The other old control.', // 17
		'    mapsTo:', // 18
		...targets.split(',').map((t) => `      - ${t}`), // 19…
	].join('\n');

	it('accepts a mapping whose targets all exist', () => {
		validateLegacyMapping(parseCatalog(legacyText('A.1.1,A.1.2'), 'old.yaml'), target);
	});

	it('reports an unknown mapsTo target at that entry', () => {
		const legacy = parseCatalog(legacyText('A.1.2,A.1.9'), 'old.yaml');
		throwsAt(() => validateLegacyMapping(legacy, target), 20, 9, /X\.2 maps to "A\.1\.9", which is not a control of catalog "t"/, 'old.yaml');
		throwsAt(() => new CatalogIndex(target, legacy), 20, 9, /A\.1\.9/, 'old.yaml');
	});

	it('reports a legacyOf naming another catalog at legacyOf', () => {
		const legacy = parseCatalog(legacyText('A.1.2', 'other'), 'old.yaml');
		throwsAt(() => validateLegacyMapping(legacy, target), 5, 11, /"legacyOf" is "other"/, 'old.yaml');
		throwsAt(() => validateLegacyMapping(target, target), 1, 1, /has no "legacyOf"/, 'target.yaml');
	});

	it('indexes controls, themes and legacy IDs', () => {
		const index = new CatalogIndex(target, parseCatalog(legacyText('A.1.1,A.1.2'), 'old.yaml'));
		assert.deepEqual(index.controls.map((c) => c.id), ['A.1.1', 'A.1.2']);
		assert.deepEqual(index.themes, [{ id: 'A.1', name: 'One' }]);
		assert.equal(index.get('A.1.2')?.title, 'Second');
		assert.equal(index.get('X.1'), undefined);
		assert.ok(index.has('A.1.1'));
		assert.deepEqual(index.themeOf('A.1.1'), { id: 'A.1', name: 'One' });
		assert.equal(index.themeOf('nope'), undefined);
		assert.deepEqual(index.mapLegacy('X.2'), ['A.1.1', 'A.1.2']);
		assert.equal(index.mapLegacy('A.1.1'), undefined);
		assert.ok(index.isLegacy('X.1'));
		assert.ok(!index.isLegacy('A.1.1'));
		assert.equal(index.getLegacy('X.1')?.title, 'Old one');
		const plain = new CatalogIndex(target);
		assert.equal(plain.isLegacy('X.1'), false);
		assert.equal(plain.mapLegacy('X.1'), undefined);
	});
});

describe('loadCatalogFile', () => {
	it('reports an unreadable file at 1:1', () => {
		const missing = path.join(os.tmpdir(), `no-such-catalog-${process.pid}.yaml`);
		throwsAt(() => loadCatalogFile(missing), 1, 1, /cannot read catalog/, missing);
	});

	it('names the file in parse errors', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
		const file = path.join(dir, 'bad.yaml');
		try {
			fs.writeFileSync(file, edit(10, '    theme: Z'));
			throwsAt(() => loadCatalogFile(file), 10, 12, /not declared/, file);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
