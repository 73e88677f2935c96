import * as assert from 'node:assert/strict';
import { diffTexts, reanalyzeRegion, type BufferStructure } from '../../../src/core/live/regionAnalysis';
import { analyzeFile, type FileAnalysis } from '../../../src/core/analysis/analyzeFile';
import { createAnalyzerContext } from '../../../src/core/analysis/context';
import { defaultConfig } from '../../../src/core/config/loadConfig';
import { context } from '../fixes/helpers';
import { builtInCatalogs, mulberry32 } from '../helpers';

const SOURCE = `import * as crypto from 'node:crypto';
import { sign } from 'jsonwebtoken';
import * as store from './store';
const { createHash: h } = require('crypto');
const SECRET = process.env.JWT_SECRET;

// @iso27001 A.8.24 — card tokens are encrypted
export function encrypt(plain: string, key: Buffer): string {
	const iv = crypto.randomBytes(12);
	const c = crypto.createCipheriv('aes-256-gcm', key, iv);
	return c.update(plain, 'utf8', 'hex');
}

export function cacheKey(url: string): string {
	return h('md5').update(url).digest('hex');
}

/**
 * Session tokens.
 */
export class Sessions {
	// @iso27001 A.8.5 — signed session tokens
	issue(user: string): string {
		return sign({ user }, SECRET!);
	}

	check(token: string): boolean {
		// @iso27001-ignore crypto — only a fingerprint for the cache
		const f = h('sha1').update(token).digest('hex');
		return f.length > 0;
	}
}

export const handler = async (req: { body: string }) => {
	const digest = crypto.createHash('sha256').update(req.body).digest('hex');
	// A call of another file's own function: a candidate, moved like findings (coverage/ownCalls.ts).
	return store.sealPayloadDigest(digest);
};
`;

/** Lines a developer might type inside a body. */
const SNIPPETS = [
	'\tconst n = 1;\n',
	"\tconst d = crypto.createHash('md5');\n",
	'\t// @iso27001 A.8.24 — a new annotation\n',
	"\tconst t = sign({ a: 1 }, 'k');\n",
	'\t// plain comment\n',
	'\n',
	'\t// @iso27001 A.9.4.1 — legacy id\n',
	'\t// @iso27001 A.5.15 — role check (unrelated to crypto code)\n',
	'\t// @iso27001 A.99.1\n',
	'\t// @iso27001-ignore crypto — cache keys only\n',
	'\t// @iso27001-ignore crypto\n',
	"\tconst k = process.env.API_SECRET_KEY;\n",
	'\tif (x) { y(); }\n',
];

const plain = (a: FileAnalysis | null): unknown => a && JSON.parse(JSON.stringify({ ...a, findings: a.findings.map(({ anchor: _anchor, ...f }) => f) }));

describe('fast re-analysis of an edited declaration', () => {
	it('diffTexts finds the one changed span', () => {
		assert.deepEqual(diffTexts('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
		assert.deepEqual(diffTexts('abc', 'abcd'), { start: 3, oldEnd: 3, newEnd: 4 });
		assert.deepEqual(diffTexts('aaa', 'aa'), { start: 2, oldEnd: 3, newEnd: 2 });
	});

	const randomEdits = async (source: string, seed: number, edits: number, ctx = context()): Promise<number> => {
		const rnd = mulberry32(seed);
		let text = source;
		let previous = await analyzeFile({ path: 'a.ts', text, languageId: 'typescript' }, ctx);
		let fast = 0;
		let known: BufferStructure | undefined;
		for (let i = 0; i < edits; i++) {
			const lines = text.split('\n');
			// A line inside some body: indented with a tab, not a closing brace line.
			const candidates = lines.map((l, k) => (l.startsWith('\t') && !l.startsWith('\t}') ? k : -1)).filter((k) => k >= 0);
			const at = candidates[Math.floor(rnd() * candidates.length)];
			const snippet = SNIPPETS[Math.floor(rnd() * SNIPPETS.length)];
			const removeInstead = rnd() < 0.3 && lines[at].trim() !== '' && !/[{}]|return/.test(lines[at]);
			const next = removeInstead ? [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n') : [...lines.slice(0, at), snippet.replace(/\n$/, ''), ...lines.slice(at)].join('\n');
			const file = { path: 'a.ts', text: next, languageId: 'typescript' };
			const full = await analyzeFile(file, ctx);
			// From the structure the previous fast pass left (only the edited body re-lexed), and from scratch.
			const followed = await reanalyzeRegion(text, previous, file, ctx, known);
			const scratch = await reanalyzeRegion(text, previous, file, ctx);
			assert.equal(followed === undefined, scratch === undefined, `edit ${i}: both paths take the fast path or neither`);
			if (followed !== undefined && scratch !== undefined) {
				fast++;
				const what = `edit ${i} at line ${at + 1}: ${removeInstead ? 'removed' : JSON.stringify(snippet)}`;
				assert.deepEqual(followed.structure, scratch.structure, `structure after ${what}`);
				for (const got of [followed.analysis, scratch.analysis]) {
					assert.deepEqual(plain(got), plain(full), what);
					// Anchors are editor hints: inside the region they are recomputed, elsewhere shifted.
					assert.deepEqual(got?.findings.map((f) => f.anchor), full.findings.map((f) => f.anchor), `anchors after ${what}`);
				}
			}
			known = followed?.structure;
			text = next;
			previous = full;
		}
		return fast;
	};

	it('gives what a full analysis gives, for random edits inside bodies (300 edits)', async function () {
		// 300 full analyses take about 11 s on an idle machine: room for a busy one, not a speed check.
		this.timeout(120_000);
		const first = await analyzeFile({ path: 'a.ts', text: SOURCE, languageId: 'typescript' }, context());
		assert.ok(first.ownCalls?.some((c) => c.callee === 'sealPayloadDigest'), 'the source holds an own-function candidate');
		const fast = await randomEdits(SOURCE, 7, 300);
		assert.ok(fast > 250, `the fast path answered ${fast} of 300 edits`);
	});

	it('gives what a full analysis gives with controls the SoA excludes (they map nothing) and unrelated controls (100 edits)', async () => {
		const { c2022, c2013 } = builtInCatalogs();
		const ctx = createAnalyzerContext({
			root: '/', catalog: c2022, legacy: [c2013], maxFileSize: 1 << 20, wasmDir: null,
			soa: { 'A.8.24': { applicable: false, justification: 'test' }, 'A.8.5': { applicable: false, justification: 'test' } },
			detection: { categories: defaultConfig().categories, rules: [], trustCustomRules: true },
		});
		const fast = await randomEdits(SOURCE, 11, 100, ctx);
		assert.ok(fast > 80, `the fast path answered ${fast} of 100 edits`);
	});

	it('maps and checks a region\'s findings against a file-level annotation in another body (100 edits)', async () => {
		// The copy leaves out the other bodies, with this one's file-level annotation: it reaches the region's findings through the splice.
		const source = SOURCE.replace("\treturn h('md5')", "\t// @iso27001-file A.5.15 — the whole module enforces access rules\n\treturn h('md5')");
		const full = await analyzeFile({ path: 'a.ts', text: source, languageId: 'typescript' }, context());
		assert.ok(full.problems.some((p) => p.code === 'unrelated-control'), 'crypto code mapped by A.5.15 alone');
		const fast = await randomEdits(source, 13, 100);
		assert.ok(fast > 80, `the fast path answered ${fast} of 100 edits`);
	});

	it('keeps a file-level annotation\'s scope at the last line as the file grows and shrinks', async () => {
		const fast = await randomEdits(`// @iso27001-file A.8.15 — the whole module is audited\n${SOURCE}`, 3, 80);
		assert.ok(fast > 60, `the fast path answered ${fast} of 80 edits`);
	});

	it('declines edits outside a body, other languages, file-level directives and unbalanced braces', async () => {
		const ctx = context();
		const previous = await analyzeFile({ path: 'a.ts', text: SOURCE, languageId: 'typescript' }, ctx);
		const edit = (from: string, to: string, languageId = 'typescript') =>
			reanalyzeRegion(SOURCE, previous, { path: 'a.ts', text: SOURCE.replace(from, to), languageId }, ctx);
		assert.equal(await edit("const SECRET = process.env.JWT_SECRET;", "const SECRET = process.env.OTHER;"), undefined, 'top level');
		assert.equal(await edit('export function cacheKey(url: string)', 'export function cacheKey(u: string)'), undefined, 'signature');
		assert.equal(await edit('\tconst iv', '\t// @iso27001-file A.8.15 — all\n\tconst iv'), undefined, 'file-level directive');
		assert.equal(await edit('\tconst iv', '\tif (x) {\n\tconst iv'), undefined, 'unbalanced');
		assert.equal(await edit('\tconst iv', '\tconst n = 1;\n\tconst iv', 'python'), undefined, 'python');
		assert.notEqual(await edit('\tconst iv', '\tconst n = 1;\n\tconst iv'), undefined, 'inside a body');
	});
});

describe('fast re-analysis: CRLF files', () => {
	it('keeps \r\n line breaks when blanking, so lines stay put', async () => {
		const ctx = context();
		const crlf = SOURCE.replace(/\n/g, '\r\n');
		const previous = await analyzeFile({ path: 'a.ts', text: crlf, languageId: 'typescript' }, ctx);
		const next = crlf.replace('\tconst iv', "\tconst d = crypto.createHash('md5');\r\n\tconst iv");
		const file = { path: 'a.ts', text: next, languageId: 'typescript' };
		const got = await reanalyzeRegion(crlf, previous, file, ctx);
		assert.notEqual(got, undefined);
		assert.deepEqual(plain(got!.analysis), plain(await analyzeFile(file, ctx)));
	});
});
