import * as assert from 'node:assert/strict';
import { analyzeFile, type FileAnalysis } from '../../../src/core/analysis/analyzeFile';
import { createAnalyzerContext } from '../../../src/core/analysis/context';
import { parseCatalog } from '../../../src/core/catalog';
import { defaultConfig } from '../../../src/core/config/loadConfig';
import { categorySuggestions, CATEGORY_CONTROLS } from '../../../src/core/detection/categories';
import { CATEGORIES, type Catalog, type Soa } from '../../../src/core/types';
import { builtInCatalogs } from '../helpers';

/** The real per-file analysis with a given catalog, legacy catalogs and Statement of Applicability. */
function analyse(text: string, options: { catalog?: Catalog; legacy?: readonly Catalog[]; soa?: Soa } = {}): Promise<FileAnalysis> {
	const { c2022, c2013 } = builtInCatalogs();
	const catalog = options.catalog ?? c2022;
	const ctx = createAnalyzerContext({
		root: '/', catalog, legacy: options.legacy ?? (catalog === c2022 ? [c2013] : []), soa: options.soa ?? {}, maxFileSize: 1 << 20, wasmDir: null,
		detection: { categories: defaultConfig().categories, rules: [], trustCustomRules: true },
	});
	return analyzeFile({ path: 'a.ts', text, languageId: 'typescript' }, ctx);
}

/** A TypeScript file whose function `digest` hashes with SHA-256 under `annotation` (line 3; the hash on line 5). */
function hashed(annotation: string): string {
	return [
		"import { createHash } from 'node:crypto';",
		'',
		annotation,
		'export function digest(s: string): string {',
		"\treturn createHash('sha256').update(s).digest('hex');",
		'}',
		'',
	].join('\n');
}

const problemsOf = (a: FileAnalysis): string[] => a.problems.map((p) => `${p.line}:${p.code}:${p.severity}`);

/** A custom catalog: two controls, with `suggestions` as given (YAML lines) or none. */
function customCatalog(suggestions: string[] = []): Catalog {
	return parseCatalog([
		'id: org', 'framework: ORG', 'version: 1', 'title: Org controls',
		'themes:', '  - { id: SEC, name: Security }',
		'controls:',
		'  - { id: SEC-CRY-1, title: Encryption standard, theme: SEC, description: Encrypt data. }',
		'  - { id: SEC-IAM-2, title: Role checks, theme: SEC, description: Check roles. }',
		...suggestions,
	].join('\n'), 'org.yaml');
}

describe('mapping findings to controls', () => {
	describe('a control excluded by the Statement of Applicability maps nothing', () => {
		const soa: Soa = { 'A.8.24': { applicable: false, justification: 'no cryptography here' } };

		it('leaves a finding covered only by an excluded control unmapped, with not-applicable-control on the annotation', async () => {
			const a = await analyse(hashed('// @iso27001 A.8.24 — digests'), { soa });
			const [f] = a.findings;
			assert.equal(f.line, 5);
			assert.equal(f.mapped, false);
			assert.deepEqual(f.coveredBy, []);
			assert.deepEqual(f.excludedBy, ['A.8.24'], 'the finding says why it is unmapped');
			assert.deepEqual(problemsOf(a), ['3:not-applicable-control:warning']);
			assert.deepEqual(a.annotations[0].controls, ['A.8.24'], 'the annotation still names it (coverage says: excluded, yet annotated)');
		});

		it('also through a legacy ID that maps to the excluded control', async () => {
			const a = await analyse(hashed('// @iso27001 A.10.1.1 — digests'), { soa });
			assert.equal(a.findings[0].mapped, false);
			assert.deepEqual(problemsOf(a), ['3:legacy-control:warning', '3:not-applicable-control:warning']);
		});

		it('maps the finding by the applicable controls beside it', async () => {
			const a = await analyse(hashed('// @iso27001 A.8.24, A.5.15 — digests'), { soa });
			assert.equal(a.findings[0].mapped, true);
			assert.deepEqual(a.findings[0].coveredBy, ['A.5.15']);
			assert.equal('excludedBy' in a.findings[0], false, 'a mapped finding needs no excuse');
			// A.5.15 is applicable but not a crypto control: mapped, and said so.
			assert.deepEqual(problemsOf(a), ['3:not-applicable-control:warning', '5:unrelated-control:info']);
		});

		it('maps as before without the SoA entry', async () => {
			const a = await analyse(hashed('// @iso27001 A.8.24 — digests'));
			assert.deepEqual([a.findings[0].mapped, a.findings[0].coveredBy], [true, ['A.8.24']]);
			assert.equal('excludedBy' in a.findings[0], false);
			assert.deepEqual(problemsOf(a), []);
		});
	});

	describe('unrelated-control', () => {
		it('keeps a finding mapped by an unrelated control and names the controls that would fit', async () => {
			const a = await analyse(hashed('// @iso27001 A.5.15 — role check, then a digest'));
			const [f] = a.findings;
			assert.deepEqual([f.mapped, f.coveredBy, f.suggestedControls], [true, ['A.5.15'], ['A.8.24']]);
			const [p] = a.problems;
			assert.deepEqual([p.code, p.severity, p.line, p.column], ['unrelated-control', 'info', 5, f.column]);
			assert.match(p.message, /^crypto code \(`crypto\.createHash` computes a hash\) is mapped only by A\.5\.15 'Access control', which is not a control suggested for crypto code; A\.8\.24 'Use of cryptography' would fit$/);
		});

		it('names every covering control and every suggested one', async () => {
			const a = await analyse([
				"import { sign } from 'jsonwebtoken';",
				'// @iso27001 A.5.15, A.8.15 — issues tokens',
				"export const issue = (u: string) => sign({ u }, 'k');",
				'',
			].join('\n'));
			const p = a.problems.find((x) => x.code === 'unrelated-control');
			assert.ok(p, JSON.stringify(a));
			assert.match(p.message, /^auth code \(.*\) is mapped only by A\.5\.15 'Access control' and A\.8\.15 'Logging', none of which is a control suggested for auth code; A\.8\.5 'Secure authentication' or A\.5\.17 'Authentication information' would fit/);
		});

		it('says nothing when one covering control is suggested, nor for unmapped or ignored findings', async () => {
			assert.deepEqual(problemsOf(await analyse(hashed('// @iso27001 A.5.15, A.8.24 — role check and digest'))), []);
			assert.deepEqual(problemsOf(await analyse(hashed('// plain comment'))), []);
			assert.deepEqual(problemsOf(await analyse(hashed('// @iso27001-ignore crypto — cache keys only'))), []);
		});

		it('reports a line once per category, however many findings it holds', async () => {
			const a = await analyse([
				"import { createHash } from 'node:crypto';",
				'// @iso27001 A.5.15 — two digests',
				"export const both = (s: string) => createHash('sha256').update(s).digest('hex') + createHash('sha512').update(s).digest('hex');",
				'',
			].join('\n'));
			assert.ok(a.findings.filter((f) => f.line === 3 && f.category === 'crypto').length >= 2, JSON.stringify(a.findings));
			assert.deepEqual(problemsOf(a), ['3:unrelated-control:info']);
		});
	});

	describe('suggested controls follow the workspace catalog', () => {
		it('the 2022 catalog suggests the 2022 controls of SPEC', () => {
			assert.deepEqual(categorySuggestions(builtInCatalogs().c2022), CATEGORY_CONTROLS);
		});

		it('a 2013 catalog suggests the 2013 controls that map to them, through controls/iso27001-2013.yaml', async () => {
			const { c2013 } = builtInCatalogs();
			const s = categorySuggestions(c2013);
			assert.deepEqual(s.crypto, ['A.10.1.1', 'A.10.1.2']);
			assert.deepEqual(s.auth.slice(0, 2), ['A.9.4.2', 'A.9.2.4'], JSON.stringify(s.auth));
			for (const category of CATEGORIES) {
				assert.ok(s[category].length > 0, category);
				for (const id of s[category]) {
					const mapsTo = c2013.controls.find((c) => c.id === id)?.mapsTo ?? [];
					assert.ok(mapsTo.some((to) => CATEGORY_CONTROLS[category].includes(to)), `${category}: ${id} maps to a suggested 2022 control`);
				}
			}
			const a = await analyse(hashed('// @iso27001 A.9.4.1 — role check, then a digest'), { catalog: c2013 });
			assert.deepEqual(a.findings[0].suggestedControls, ['A.10.1.1', 'A.10.1.2']);
			assert.deepEqual(problemsOf(a), ['5:unrelated-control:info']);
			assert.match(a.problems[0].message, /A\.9\.4\.1 'Information access restriction'.*A\.10\.1\.1 'Policy on the use of cryptographic controls' or A\.10\.1\.2 'Key management' would fit/);
			assert.deepEqual(problemsOf(await analyse(hashed('// @iso27001 A.10.1.2 — digests'), { catalog: c2013 })), []);
		});

		it('a custom catalog suggests what its suggestions: declare, and nothing for a category it leaves out', async () => {
			const catalog = customCatalog(['suggestions:', '  crypto: [SEC-CRY-1]', '  access-control: [SEC-IAM-2, SEC-CRY-1]', '  tls: []']);
			const s = categorySuggestions(catalog);
			assert.deepEqual(s.crypto, ['SEC-CRY-1']);
			assert.deepEqual(s['access-control'], ['SEC-IAM-2', 'SEC-CRY-1']);
			assert.deepEqual(s.tls, []);
			assert.deepEqual(s.auth, [], 'not declared, and no Annex A control in the catalog');
			const a = await analyse(hashed('// @iso27001 SEC-IAM-2 — role check, then a digest'), { catalog });
			assert.deepEqual(a.findings[0].suggestedControls, ['SEC-CRY-1']);
			assert.deepEqual(problemsOf(a), ['5:unrelated-control:info']);
			assert.match(a.problems[0].message, /SEC-IAM-2 'Role checks'.*SEC-CRY-1 'Encryption standard' would fit/);
			const none = await analyse(hashed('// @iso27001 SEC-IAM-2 — digests'), { catalog: customCatalog() });
			assert.deepEqual(none.findings[0].suggestedControls, []);
			assert.deepEqual(problemsOf(none), [], 'nothing suggested: no control is unrelated');
		});
	});
});
