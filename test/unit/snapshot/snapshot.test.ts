import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseCatalog } from '../../../src/core/catalog/loadCatalog';
import { builtinRulesDir, loadRuleDir, rulesDigest } from '../../../src/core/rules/load';
import { writeSnapshot } from '../../../src/core/snapshot/build';
import { readSnapshot, snapshotCatalog, snapshotRules, SNAPSHOT_FILE } from '../../../src/core/snapshot/read';
import { CONTROLS_DIR } from '../helpers';

const REPO = path.resolve(__dirname, '../../..');
const CATALOG = path.join(CONTROLS_DIR, 'iso27001-2022.yaml');

describe('build snapshot of the shipped rules and catalogs', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'iso-snapshot-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('holds exactly what parsing the YAML gives, rules and catalogs', () => {
		writeSnapshot(builtinRulesDir(), CONTROLS_DIR, dir);
		assert.deepEqual(snapshotRules(rulesDigest(), dir), loadRuleDir(builtinRulesDir()));
		for (const name of ['iso27001-2022.yaml', 'iso27001-2013.yaml']) {
			const file = path.join(CONTROLS_DIR, name);
			const text = readFileSync(file, 'utf8');
			const fromSnapshot = snapshotCatalog(text, '/elsewhere/' + name, dir);
			assert.deepEqual(fromSnapshot, { ...parseCatalog(text, file), source: '/elsewhere/' + name }, name);
			assert.ok(Object.isFrozen(fromSnapshot) && Object.isFrozen(fromSnapshot?.controls[0]), 'frozen like a parsed catalog');
		}
	});

	it('is not used once a rule file or a catalog differs from what it was built from', () => {
		const rules = path.join(dir, 'rules');
		cpSync(builtinRulesDir(), rules, { recursive: true });
		writeSnapshot(rules, CONTROLS_DIR, dir);
		assert.ok(snapshotRules(rulesDigest(rules), dir), 'current');
		const edited = path.join(dir, 'edited');
		cpSync(rules, edited, { recursive: true });
		const file = path.join(edited, 'app-auth.yaml');
		writeFileSync(file, readFileSync(file, 'utf8').replace('confidence: medium', 'confidence: high'));
		assert.equal(snapshotRules(rulesDigest(edited), dir), undefined, 'an edited rule file');
		const text = readFileSync(CATALOG, 'utf8');
		assert.equal(snapshotCatalog(text.replace('Policies for information security', 'Policies'), CATALOG, dir), undefined, 'an edited catalog');
	});

	it('is ignored when missing, damaged or of another format', () => {
		assert.equal(readSnapshot(dir), null, 'missing');
		const write = (name: string, text: string): string => {
			const sub = path.join(dir, name);
			cpSync(CONTROLS_DIR, sub, { recursive: true });
			writeFileSync(path.join(sub, SNAPSHOT_FILE), text);
			return sub;
		};
		assert.equal(readSnapshot(write('truncated', '{"format": 1, "rules": ')), null, 'truncated');
		assert.equal(readSnapshot(write('format', JSON.stringify({ format: 99, rules: {}, catalogs: {} }))), null, 'another format');
		writeSnapshot(builtinRulesDir(), CONTROLS_DIR, path.join(dir, 'truncated'));
		assert.equal(readSnapshot(path.join(dir, 'truncated')), null, 'read once per process, as the rules are');
		const good = path.join(dir, 'good');
		cpSync(CONTROLS_DIR, good, { recursive: true });
		writeSnapshot(builtinRulesDir(), CONTROLS_DIR, good);
		assert.ok(readSnapshot(good), 'a good one');
	});

	it('is written by the build and matches the rule files it ships with', () => {
		const built = path.join(REPO, 'dist', SNAPSHOT_FILE);
		assert.ok(existsSync(built), 'npm run build writes dist/builtin.json');
		assert.ok(snapshotRules(rulesDigest(), path.dirname(built)), 'its rules are the current rule files');
		assert.ok(snapshotCatalog(readFileSync(CATALOG, 'utf8'), CATALOG, path.dirname(built)), 'its catalogs are the current catalog files');
	});
});
