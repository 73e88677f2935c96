// Copies every corpus file out of its verified package into .eval/corpus/ (library files under
// <language>/<package>/, application files under apps/<app>/), checking each file's sha256 and
// that every label and negative lies within the file.
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR, MaterialiseError, sha256 } from './common.mjs';
import { fetchSource } from './fetch.mjs';

/** Number of lines of a text as the labels count them (a last line without '\n' counts). */
export function lineCount(text) {
	return text.split('\n').length;
}

/** Problems with one file's labels and negatives against its text (none when they all fit). */
export function lineProblems(file, text) {
	const n = lineCount(text);
	const out = [];
	for (const l of file.labels) if (l.line > n) out.push(`${file.at}:${l.line}: label ${l.category} beyond end of file (${n} lines)`);
	for (const x of file.negatives) if (x.line > n) out.push(`${file.at}:${x.line}: negative beyond end of file (${n} lines)`);
	return out;
}

function copyFile(file, root) {
	const from = path.join(root, file.path);
	if (!fs.existsSync(from)) return [`${file.at}: not found in ${file.src.id}`];
	const buf = fs.readFileSync(from);
	const actual = sha256(buf);
	if (actual !== file.sha256) return [`${file.at}: sha256 mismatch (expected ${file.sha256}, got ${actual})`];
	const to = path.join(CORPUS_DIR, file.rel);
	fs.mkdirSync(path.dirname(to), { recursive: true });
	fs.writeFileSync(to, buf);
	return lineProblems(file, buf.toString('utf8'));
}

/** Downloads what the corpus needs and writes .eval/corpus/, with a config that scans every file. */
export function materialise(corpus) {
	const roots = new Map();
	for (const f of corpus.files) if (!roots.has(f.src.dir)) roots.set(f.src.dir, fetchSource(corpus.sources.get(f.src.dir)));
	fs.rmSync(CORPUS_DIR, { recursive: true, force: true });
	fs.mkdirSync(CORPUS_DIR, { recursive: true });
	const problems = corpus.files.flatMap((f) => copyFile(f, roots.get(f.src.dir)));
	if (problems.length) throw new MaterialiseError(`corpus files do not match their YAML:\n  ${problems.join('\n  ')}`);
	fs.writeFileSync(path.join(CORPUS_DIR, '.iso27001.yaml'),
		'# Written by scripts/eval.mjs: scan every corpus file.\ninclude: ["**/*"]\nexclude: []\ngitignore: false\n');
}
