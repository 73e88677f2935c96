/**
 * Property: a walk that takes unchanged folders' listings from the last walk lists the same files and
 * reports the same problems as a walk that reads every folder, whatever happened to the tree since
 * (files and folders added, deleted and renamed, `.gitignore` files written, edited and removed,
 * symbolic links, a folder changed with its modification time put back, the walk's options changed),
 * and a walk of an unchanged tree reads no folder it kept.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discoverFiles, type DiscoverOptions } from '../../../src/core/files/discover';
import type { FolderListing, ListingStore } from '../../../src/core/files/listings';
import { mulberry32 } from '../helpers';

/** Keeps the listings as a cache file would: through JSON, so nothing survives by reference. */
class JsonStore implements ListingStore {
	private text = JSON.stringify({ key: '', listings: [] });
	kept = 0;

	previous(key: string): ReadonlyMap<string, FolderListing> {
		const saved = JSON.parse(this.text) as { key: string; listings: [string, FolderListing][] };
		return saved.key === key ? new Map(saved.listings) : new Map();
	}

	record(key: string, listings: ReadonlyMap<string, FolderListing>): void {
		this.text = JSON.stringify({ key, listings: [...listings] });
		this.kept = listings.size;
	}
}

const OPTIONS: Pick<DiscoverOptions, 'include' | 'exclude' | 'gitignore'>[] = [
	{ include: ['**/*'], exclude: [], gitignore: true },
	{ include: ['**/*'], exclude: ['**/skip/**'], gitignore: true },
	{ include: ['src/**', 'a/**'], exclude: [], gitignore: true },
	{ include: ['**/*'], exclude: ['**/*.py'], gitignore: false },
];
const IGNORES = ['*.py\n', 'skip/\n', '/b\n', 'sub/\n!keep.py\n', '*\n!*/\n!*.ts\n', '# nothing\n'];
const OPS = ['add', 'add', 'delete', 'rename', 'mkdir', 'rmdir', 'move-dir', 'gitignore', 'gitignore', 'unignore', 'link', 'same-time', 'options'] as const;
type Op = (typeof OPS)[number];

/** A random tree on disk; folders changed in a round get a modification time in the past (as if time had passed). */
class Tree {
	private clock = 1_600_000_000;
	private serial = 0;
	options = OPTIONS[0];

	constructor(readonly root: string, private readonly rng: () => number) {}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.rng() * items.length)];
	}

	/** Folders relative to the root ('' the root), links not followed. */
	folders(): string[] {
		const out = [''];
		for (let i = 0; i < out.length; i++) {
			for (const e of readdirSync(path.join(this.root, out[i]), { withFileTypes: true })) {
				if (e.isDirectory()) {
					out.push(out[i] ? `${out[i]}/${e.name}` : e.name);
				}
			}
		}
		return out;
	}

	files(): string[] {
		return this.folders().flatMap((d) => readdirSync(path.join(this.root, d), { withFileTypes: true })
			.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => (d ? `${d}/${e.name}` : e.name)));
	}

	abs(rel: string): string {
		return path.join(this.root, rel);
	}

	newName(): string {
		return `${this.pick(['f', 'keep', 'b', 'skip', 'sub'])}${this.serial++ % 3 === 0 ? '' : this.serial}${this.pick(['.ts', '.py', ''])}`;
	}

	/** One change; one that collides with what is there (a file where a folder goes) changes nothing. */
	apply(op: Op): void {
		try {
			this.change(op);
		} catch (e) {
			if (!['EEXIST', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY'].includes((e as NodeJS.ErrnoException).code ?? '')) {
				throw e;
			}
		}
	}

	private change(op: Op): void {
		const folder = this.pick(this.folders());
		const files = this.files();
		const file = files.length > 0 ? this.pick(files) : undefined;
		const inFolder = (name: string): string => this.abs(folder ? `${folder}/${name}` : name);
		switch (op) {
			case 'add':
				return writeFileSync(inFolder(this.newName()), 'x');
			case 'delete':
				return file === undefined ? undefined : unlinkSync(this.abs(file));
			case 'rename':
				return file === undefined ? undefined : renameSync(this.abs(file), inFolder(this.newName()));
			case 'mkdir': {
				const dir = inFolder(this.pick(['src', 'a', 'skip', 'sub', 'b', `d${this.serial++}`]));
				mkdirSync(dir, { recursive: true });
				return writeFileSync(path.join(dir, this.newName()), 'x');
			}
			case 'rmdir':
				return folder === '' ? undefined : rmSync(this.abs(folder), { recursive: true, force: true });
			case 'move-dir': {
				const to = this.pick(this.folders());
				return folder === '' || `${to}/`.startsWith(`${folder}/`) ? undefined : renameSync(this.abs(folder), path.join(this.abs(to), `m${this.serial++}`));
			}
			case 'gitignore':
				// Written in place when it exists: the folder's own time does not change.
				return writeFileSync(inFolder('.gitignore'), this.pick(IGNORES));
			case 'unignore':
				return rmSync(inFolder('.gitignore'), { force: true });
			case 'link': {
				const target = this.pick([...this.folders(), 'missing']);
				return symlinkSync(this.abs(target), inFolder(`l${this.serial++}`));
			}
			case 'same-time': {
				// A folder changed, its modification time put back: only its change time tells.
				const { mtime } = statSync(this.abs(folder));
				writeFileSync(inFolder(this.newName()), 'x');
				return utimesSync(this.abs(folder), mtime, mtime);
			}
			case 'options':
				this.options = this.pick(OPTIONS);
		}
	}

	/** Gives every folder modified in the last minute a time in the past, so that its listing may be kept. */
	settle(): void {
		const recent = Date.now() - 60_000;
		for (const d of this.folders()) {
			if (statSync(this.abs(d)).mtimeMs > recent) {
				this.clock += 10;
				utimesSync(this.abs(d), this.clock, this.clock);
			}
		}
	}
}

describe('folder listings kept between walks: property', function () {
	this.timeout(120000);
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'iso-listing-prop-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	const walk = (tree: Tree, listings?: ListingStore) => discoverFiles(tree.root, { ...tree.options, listings, accept: (p) => !p.endsWith('.skip') });

	for (const seed of [1, 2, 3, 4, 5, 6]) {
		it(`lists what a fresh walk lists after random changes (seed ${seed})`, async () => {
			const root = path.join(dir, `tree-${seed}`);
			mkdirSync(root);
			const tree = new Tree(root, mulberry32(seed));
			for (let i = 0; i < 8; i++) {
				tree.apply(tree.pick(['add', 'mkdir', 'gitignore'] as const));
			}
			const store = new JsonStore();
			let served = 0;
			for (let round = 0; round < 40; round++) {
				const ops = round % 4 === 3 ? [] : Array.from({ length: 1 + Math.floor(tree.pick([0, 1, 2])) }, () => tree.pick(OPS));
				ops.forEach((op) => tree.apply(op));
				// Now and then the changed folders stay recent: their listings are not kept.
				if (ops.length > 0 && tree.pick([true, true, true, false])) {
					tree.settle();
				}
				const kept = store.kept;
				const fresh = await walk(tree);
				const cached = await walk(tree, store);
				const context = `seed ${seed}, round ${round}, ops ${ops.join(', ')}`;
				assert.deepEqual(cached.files, fresh.files, context);
				assert.deepEqual(cached.problems, fresh.problems, context);
				assert.equal(fresh.cachedFolders, 0);
				if (ops.length === 0) {
					// Nothing changed since the last walk: every kept listing is used, no kept folder read.
					assert.equal(cached.cachedFolders, kept, context);
					assert.ok(store.kept >= kept, context);
				}
				served += cached.cachedFolders;
			}
			assert.ok(served > 0, 'some folders were listed from the last walk');
		});
	}
});
