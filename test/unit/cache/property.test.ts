/**
 * Property: a scan with the persistent cache prints the same JSON as a scan without it, whatever
 * happened to the workspace since the last run (random workspaces, random edits, several rounds),
 * and it serves from the cache exactly the files that did not change.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cacheKey, type CacheStrategy } from '../../../src/core/cache/key';
import { toScanJson } from '../../../src/core/scan/json';
import { runSettings, scanWorkspace, type ScanOptions } from '../../../src/core/scan/scan';
import { CONTROLS_DIR, mulberry32 } from '../helpers';

type Part = (i: number) => string;
const LANGUAGES: Record<string, { head: string; parts: Part[] }> = {
	ts: {
		head: "import { createHash, randomBytes } from 'node:crypto';\n",
		parts: [
			(i) => `// @iso27001 A.8.24 — hashing ${i}\nexport function h${i}(x: string) {\n  return createHash('md5').update(x).digest('hex');\n}\n`,
			(i) => `export const k${i} = createHash('sha1');\n`,
			(i) => `// @iso27001-ignore crypto — test vectors\nexport const r${i} = randomBytes(8);\n`,
			(i) => `// @iso27001-ignore crypto\nexport const q${i} = randomBytes(8);\n`,
			(i) => `// @iso27001 A.9.4.1, A.99.1 — legacy and unknown\nexport class C${i} {}\n`,
			(i) => `export const v${i} = ${i};\n`,
			(i) => `const s${i} = "// @iso27001 A.5.1 in a string";\n`,
		],
	},
	py: {
		head: 'import hashlib\n',
		parts: [
			(i) => `# @iso27001 A.8.24\ndef f${i}(x):\n    return hashlib.md5(x).hexdigest()\n`,
			(i) => `x${i} = ${i}\n`,
			(i) => `# @iso27001 A.8.15 — logs ${i}\nclass L${i}:\n    pass\n`,
			(i) => `# @iso27001-ignore crypto — fixture\nh${i} = hashlib.sha1(b"")\n`,
		],
	},
	go: {
		head: 'package p\n\nimport "crypto/md5"\n\n',
		parts: [
			(i) => `// @iso27001 A.8.24 — digest ${i}\nfunc F${i}() { md5.New() }\n`,
			(i) => `func G${i}() {}\n`,
			(i) => `// @iso27001 A.8.28\nfunc H${i}() { _ = md5.Sum(nil) }\n`,
		],
	},
};
const CONFIGS = [
	'',
	'sensitiveCode:\n  categories: { crypto: false }\n',
	'soa:\n  A.8.24: { applicable: false, justification: none }\n',
	'exclude: ["**/skip/**"]\n',
	'sensitiveCode:\n  minConfidence: high\n',
];
const CONFIG = '.iso27001.yaml';
const EDITS = ['rewrite', 'same-size', 'touch', 'delete', 'rename', 'add', 'config', 'same-size-same-time'] as const;
type Edit = (typeof EDITS)[number];

/** A random workspace on disk, its files' modification times always in the past (never too recent to cache). */
class Workspace {
	readonly files = new Map<string, { text: string; mtime: number }>();
	/** Files whose content, path or time changed since the last cached scan. */
	readonly changed = new Set<string>();
	/** Files whose content or path changed since the last cached scan. */
	readonly contentChanged = new Set<string>();
	private clock = 1_600_000_000;
	private serial = 0;

	constructor(readonly root: string, private readonly rng: () => number) {}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.rng() * items.length)];
	}

	randomText(ext: string): string {
		const { head, parts } = LANGUAGES[ext];
		const n = 1 + Math.floor(this.rng() * 4);
		return head + Array.from({ length: n }, () => this.pick(parts)(this.serial++)).join('');
	}

	newPath(): string {
		const ext = this.pick(Object.keys(LANGUAGES));
		return `${this.pick(['', 'src/', 'src/lib/', 'skip/'])}f${this.serial++}.${ext}`;
	}

	write(rel: string, text: string, mtime = (this.clock += 10)): void {
		const abs = path.join(this.root, rel);
		mkdirSync(path.dirname(abs), { recursive: true });
		writeFileSync(abs, text);
		utimesSync(abs, mtime, mtime);
		const before = this.files.get(rel);
		if (before?.text !== text) {
			this.contentChanged.add(rel);
		}
		if (before?.text !== text || before.mtime !== mtime) {
			this.changed.add(rel);
		}
		this.files.set(rel, { text, mtime });
	}

	remove(rel: string): void {
		unlinkSync(path.join(this.root, rel));
		this.files.delete(rel);
		this.changed.add(rel);
		this.contentChanged.add(rel);
	}

	/** One random edit; `sameTime` allows an edit that keeps size and time (only a content hash sees it). */
	edit(kind: Edit): void {
		const sources = [...this.files.keys()].filter((f) => f !== CONFIG);
		const victim = sources.length > 0 ? this.pick(sources) : undefined;
		if (victim === undefined || kind === 'add') {
			const rel = this.newPath();
			this.write(rel, this.randomText(path.extname(rel).slice(1)));
			return;
		}
		const { text, mtime } = this.files.get(victim)!;
		switch (kind) {
			case 'rewrite':
				return this.write(victim, this.randomText(path.extname(victim).slice(1)));
			case 'same-size':
			case 'same-size-same-time':
				return this.write(victim, swapDigit(text, this.rng), kind === 'same-size' ? undefined : mtime);
			case 'touch':
				return this.write(victim, text);
			case 'delete':
				return this.remove(victim);
			case 'rename': {
				const to = `${path.dirname(this.newPath())}/${path.basename(victim)}`.replace(/^\.\//, '');
				if (this.files.has(to)) {
					return;
				}
				mkdirSync(path.dirname(path.join(this.root, to)), { recursive: true });
				renameSync(path.join(this.root, victim), path.join(this.root, to));
				this.files.delete(victim);
				this.files.set(to, { text, mtime });
				this.changed.add(victim).add(to);
				this.contentChanged.add(victim).add(to);
				return;
			}
			case 'config':
				return this.write(CONFIG, this.pick(CONFIGS));
		}
	}

	scanned(): void {
		this.changed.clear();
		this.contentChanged.clear();
	}
}

/** Replaces one digit of the text with another: same size, other content (a control ID, a number). */
function swapDigit(text: string, rng: () => number): string {
	const digits = [...text.matchAll(/\d/g)].map((m) => m.index);
	if (digits.length === 0) {
		return `${text.slice(0, -1)}${text.endsWith(' ') ? '\n' : ' '}`;
	}
	const at = digits[Math.floor(rng() * digits.length)];
	const next = String((Number(text[at]) + 1 + Math.floor(rng() * 9)) % 10);
	return text.slice(0, at) + next + text.slice(at + 1);
}

describe('cache property: cached scans equal fresh scans after random edits', function () {
	this.timeout(120000);
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'iso-cache-prop-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	const check = async (strategy: CacheStrategy, seed: number, rounds: number): Promise<number> => {
		const root = path.join(dir, `ws-${strategy}-${seed}`);
		mkdirSync(root);
		const ws = new Workspace(root, mulberry32(seed));
		for (let i = 0; i < 6; i++) {
			ws.edit('add');
		}
		const options: ScanOptions = { root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version: 'prop' }, anchors: false };
		const warnings: string[] = [];
		const cached: ScanOptions = { ...options, cache: { strategy, location: path.join(dir, `cache-${strategy}-${seed}`) }, onWarning: (m) => warnings.push(m) };
		let lastRead = new Set<string>();
		let lastKey = '';
		let hitsSeen = 0;
		// The edits a strategy must see: the metadata strategy is documented not to see a change that keeps size and time.
		const edits = EDITS.filter((e) => strategy === 'content' || e !== 'same-size-same-time');
		for (let round = 0; round < rounds; round++) {
			const what = round === 0 ? [] : Array.from({ length: 1 + Math.floor(ws.pick([0, 1, 2, 3])) }, () => ws.pick(edits));
			what.forEach((e) => ws.edit(e));
			const key = cacheKey(runSettings(options).init, strategy);
			const same = strategy === 'content' ? ws.contentChanged : ws.changed;
			const fresh = await scanWorkspace(options);
			const withCache = await scanWorkspace(cached);
			const context = `seed ${seed}, round ${round}, edits ${what.join(', ')}`;
			assert.equal(JSON.stringify(toScanJson(withCache.result)), JSON.stringify(toScanJson(fresh.result)), context);
			const expected = key !== lastKey ? 0 : fresh.detail.readPaths.filter((p) => lastRead.has(p) && !same.has(p)).length;
			assert.equal(withCache.stats.cached, expected, context);
			assert.deepEqual(warnings, [], context);
			hitsSeen += withCache.stats.cached;
			lastRead = new Set(withCache.detail.readPaths);
			lastKey = key;
			ws.scanned();
		}
		return hitsSeen;
	};

	for (const strategy of ['metadata', 'content'] as const) {
		it(`${strategy} strategy`, async () => {
			let hits = 0;
			for (const seed of [1, 2, 3, 4]) {
				hits += await check(strategy, seed, 8);
			}
			assert.ok(hits > 20, `the cache served files (${hits})`);
		});
	}
});
