/**
 * Hand-built scan result, catalog and SoA for the export tests: three themes, a control covered
 * three times, uncovered controls, controls excluded by the SoA (one of them annotated anyway),
 * a legacy ID, and hostile values (quotes, commas, newlines, HTML, formulas, pipes, tabs).
 */

import type { MatrixInput } from '../../../src/core/export/matrix';
import type { Annotation, Catalog, ControlCoverage, IgnoreDirective, ScanResult, Soa } from '../../../src/core/types';

/** Values that must reach every format intact but harmless. */
export const HOSTILE = {
	quoted: 'AES-256-GCM, "authenticated"\nencryption',
	script: '<script>alert(1)</script>',
	hyperlink: '=HYPERLINK("http://x")',
	plus: '+1',
	minus: '-2',
	at: '@SUM(A1)',
	tab: '\tTabbed value',
	cr: '\r=cr-led',
	spaced: '  =1+1',
	pipes: 'split | here | and `code` & <b>bold</b>',
	apostrophe: "O'Brien's \"key\"",
} as const;

/** Builds an annotation. */
function ann(
	file: string,
	line: number,
	controls: string[],
	rationale: string,
	scope: Partial<Annotation['scope']> = {},
	legacyIds: string[] = [],
): Annotation {
	return {
		file,
		line,
		controls,
		legacyIds,
		rationale,
		scope: { kind: 'statement', startLine: line + 1, endLine: line + 1, symbol: null, ...scope },
	};
}

/** The catalog: 7 controls across 3 themes, in catalog order. */
export const CATALOG: Catalog = {
	id: 'iso27001-2022',
	framework: 'ISO/IEC 27001',
	version: '2022',
	title: 'ISO/IEC 27001:2022 Annex A',
	themes: [
		{ id: 'A.5', name: 'Organizational' },
		{ id: 'A.7', name: 'Physical' },
		{ id: 'A.8', name: 'Technological' },
	],
	controls: [
		{ id: 'A.5.15', title: 'Access control', theme: 'A.5', description: 'x' },
		{ id: 'A.5.17', title: 'Authentication information', theme: 'A.5', description: 'x' },
		{ id: 'A.7.1', title: 'Physical security perimeters', theme: 'A.7', description: 'x' },
		{ id: 'A.7.4', title: 'Physical security monitoring', theme: 'A.7', description: 'x' },
		{ id: 'A.8.5', title: 'Secure authentication', theme: 'A.8', description: 'x' },
		{ id: 'A.8.15', title: 'Logging', theme: 'A.8', description: 'x' },
		{ id: 'A.8.24', title: 'Use of cryptography', theme: 'A.8', description: 'x' },
	],
	source: 'test',
};

/** A legacy catalog fragment: A.9.4.2 maps to A.8.5 only. */
export const LEGACY_CATALOG: Catalog = {
	id: 'iso27001-2013',
	framework: 'ISO/IEC 27001',
	version: '2013',
	title: 'ISO/IEC 27001:2013 Annex A',
	legacyOf: 'iso27001-2022',
	themes: [{ id: 'A.9', name: 'Access control' }],
	controls: [{ id: 'A.9.4.2', title: 'Secure log-on procedures', theme: 'A.9', description: 'x', mapsTo: ['A.8.5'] }],
	source: 'test',
};

/** Annotations, deliberately not in file/line order. */
export const ANNOTATIONS: readonly Annotation[] = [
	ann('src/z/crypto.ts', 30, ['A.8.24'], HOSTILE.quoted, { kind: 'declaration', startLine: 31, endLine: 40, symbol: 'Vault.seal' }),
	ann('src/a/keys.ts', 50, ['A.8.24'], HOSTILE.plus),
	ann('src/a/keys.ts', 5, ['A.8.24', 'A.5.15'], HOSTILE.hyperlink),
	ann('src/auth/login.ts', 12, ['A.8.5', 'A.8.24'], HOSTILE.script, { kind: 'declaration', startLine: 13, endLine: 40, symbol: 'AuthService.login' }, ['A.9.4.2']),
	ann('src/site.ts', 1, ['A.7.4'], HOSTILE.minus, { kind: 'file', startLine: 1, endLine: 99 }),
	ann('src/log.ts', 20, ['A.5.15'], HOSTILE.tab, { symbol: HOSTILE.apostrophe }),
	ann('src/log.ts', 8, ['A.5.15'], HOSTILE.at),
	ann('src/log|pipe.ts', 3, ['A.5.15'], HOSTILE.pipes),
	ann('src/log.ts', 30, ['A.5.15'], HOSTILE.cr),
	ann('src/log.ts', 31, ['A.5.15'], HOSTILE.spaced),
];

/** Accepted exceptions, deliberately not in file/line order. */
export const EXCEPTIONS: readonly IgnoreDirective[] = [
	{
		file: 'src/cache.ts', line: 9, column: 4, category: 'crypto', reason: '-2 md5, "not security"\nonly cache keys',
		scope: { kind: 'statement', startLine: 10, endLine: 10, symbol: null },
	},
	{
		file: 'src/audit.ts', line: 2, column: 1, category: 'logging', reason: HOSTILE.script,
		scope: { kind: 'declaration', startLine: 3, endLine: 7, symbol: 'audit' },
	},
];

/** The SoA: A.7.1 and A.7.4 excluded with justification. */
export const SOA: Soa = {
	'A.7.1': { applicable: false, justification: 'Cloud hosted; provider secures premises' },
	'A.7.4': { applicable: false, justification: 'Cloud hosted; provider monitors premises' },
	'A.8.15': { applicable: true, justification: '' },
};

/** Number of annotation locations per control (what the engine would count). */
function locationsOf(id: string): number {
	return ANNOTATIONS.filter((a) => a.controls.includes(id)).length;
}

/** Coverage as the engine would report it. */
function coverageControls(): ControlCoverage[] {
	return CATALOG.controls.map((c) => {
		const locations = locationsOf(c.id);
		const excluded = SOA[c.id]?.applicable === false;
		const status = excluded ? 'excluded' : locations > 0 ? 'covered' : 'uncovered';
		return { id: c.id, title: c.title, theme: c.theme, status, locations };
	});
}

/** The scan result. */
export function fixtureResult(): ScanResult {
	return {
		tool: { name: 'iso27001', version: '0.1.0' },
		root: '/repo',
		catalog: { id: CATALOG.id, framework: CATALOG.framework, version: CATALOG.version },
		files: 9,
		annotations: ANNOTATIONS,
		findings: [],
		problems: [],
		coverage: { percent: 60, controls: coverageControls() },
	};
}

/** The full matrix input. */
export function fixtureInput(overrides: Partial<MatrixInput> = {}): MatrixInput {
	return {
		result: fixtureResult(),
		catalog: CATALOG,
		soa: SOA,
		exceptions: EXCEPTIONS,
		meta: {
			toolName: 'iso27001',
			toolVersion: '0.1.0',
			generatedAt: '2024-05-01T12:00:00.000Z',
			commit: '0123456789abcdef0123456789abcdef01234567',
			root: '/repo',
		},
		...overrides,
	};
}

/** Expected row count: sum over controls of max(1, locations). */
export function expectedRowCount(): number {
	return CATALOG.controls.reduce((n, c) => n + Math.max(1, locationsOf(c.id)), 0);
}
