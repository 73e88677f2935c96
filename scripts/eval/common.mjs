// Shared constants and helpers of the detection eval (scripts/eval.mjs).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EVAL_DIR = path.join(ROOT, '.eval');
export const CACHE_DIR = path.join(EVAL_DIR, 'cache');
export const SRC_DIR = path.join(EVAL_DIR, 'src');
export const CORPUS_DIR = path.join(EVAL_DIR, 'corpus');
export const APT_DIR = path.join(EVAL_DIR, 'apt');

export const CATEGORIES = ['crypto', 'auth', 'access-control', 'secrets', 'tls', 'logging'];
export const LANGUAGES = ['typescript', 'javascript', 'python', 'go', 'ruby', 'php', 'java', 'csharp', 'c', 'cpp'];
/** The three scored sets, in report order. */
export const SETS = ['library', 'tune', 'held-out'];
export const SPLITS = ['tune', 'held-out'];

/** The corpus cannot be loaded, downloaded, verified or scanned: exit 1. */
export class MaterialiseError extends Error {}

export const log = (msg) => process.stderr.write(`eval: ${msg}\n`);
export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
export const safeName = (s) => s.replace(/^@/, '').replace(/[^A-Za-z0-9._+-]+/g, '_');

/** Runs a command; its stdout, or a MaterialiseError with its output. */
export function run(cmd, args, cwd) {
	const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
	if (r.error) throw new MaterialiseError(`${cmd} ${args.join(' ')}: ${r.error.message}`);
	if (r.status !== 0) throw new MaterialiseError(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr || ''}${r.stdout || ''}`);
	return r.stdout;
}
