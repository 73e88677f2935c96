#!/usr/bin/env node
// The benchmark's peer: an ast-grep rule pack generated from our rule records (rules/*.yaml), so that
// `npm run bench` can time ast-grep (@ast-grep/cli, a devDependency) looking for the same sensitive
// APIs on the same tree. A fair peer, not a replica: every record that names calls becomes one
// ast-grep rule per language it applies to, matching call (and constructor) nodes whose callee's
// text matches a regular expression derived from the record:
// - `api` (qualified names: `crypto.createHash`, `hashlib.*`, `javax.crypto.Cipher.getInstance`):
//   the last segment as the called name (`createHash`), or, for `prefix.*`, any call on the last
//   segment of the prefix (`hashlib.<any>`); `use: call`/`new` only (decorators, references and
//   `extends` are not calls). Imports are not resolved (ast-grep has no import model).
// - `member` (`use: call`) and `method` (`use: call`): the names, `*` as any identifier characters.
// - `name` (words of camelCase/snake_case names): the words in the called name (or anywhere in the
//   callee with `receiver: true`), `with` as a second condition, `unless` as a `not`.
// Other kinds (regular expressions over text, option writes, reads, logs, comparisons) have no call
// shape and are left out; the pack's summary says how many records of each kind it covers.
//
// Usage: node scripts/bench-astgrep.mjs [out-dir]   (default .bench/astgrep; prints the summary)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Our language ids (src/core/lexer/languages.ts) → ast-grep's language names. */
export const AST_GREP_LANGUAGES = {
	javascript: 'JavaScript', javascriptreact: 'JavaScript', typescript: 'TypeScript', typescriptreact: 'Tsx',
	python: 'Python', go: 'Go', java: 'Java', kotlin: 'Kotlin', csharp: 'CSharp', ruby: 'Ruby', php: 'Php',
	c: 'C', cpp: 'Cpp', rust: 'Rust', swift: 'Swift', scala: 'Scala', lua: 'Lua',
};

/**
 * Where each language's grammar keeps a call's callee: `callee` names the field holding the whole
 * callee expression (`crypto.createHash`); `name`/`recv` the fields of a method call's name and object
 * (Java, Ruby, PHP); `first` the callee as first child (Kotlin, Swift). `isNew`: a constructor call.
 * The arguments are the field `arguments` unless `args` says where they are.
 */
const SHAPES = {
	JavaScript: [{ kind: 'call_expression', callee: 'function' }, { kind: 'new_expression', callee: 'constructor', isNew: true }],
	Python: [{ kind: 'call', callee: 'function' }],
	Go: [{ kind: 'call_expression', callee: 'function' }],
	Java: [{ kind: 'method_invocation', name: 'name', recv: 'object' }, { kind: 'object_creation_expression', callee: 'type', isNew: true }],
	Kotlin: [{ kind: 'call_expression', first: true, args: { kind: 'call_suffix' } }],
	CSharp: [{ kind: 'invocation_expression', callee: 'function' }, { kind: 'object_creation_expression', callee: 'type', isNew: true }],
	Ruby: [{ kind: 'call', name: 'method', recv: 'receiver' }],
	Php: [{ kind: 'function_call_expression', callee: 'function' }, { kind: 'member_call_expression', name: 'name', recv: 'object' }, { kind: 'scoped_call_expression', name: 'name', recv: 'scope' }],
	C: [{ kind: 'call_expression', callee: 'function' }],
	Cpp: [{ kind: 'call_expression', callee: 'function' }],
	Rust: [{ kind: 'call_expression', callee: 'function' }],
	Swift: [{ kind: 'call_expression', first: true, args: { kind: 'call_suffix' } }],
	Scala: [{ kind: 'call_expression', callee: 'function' }],
	Lua: [{ kind: 'function_call', callee: 'name' }],
};
SHAPES.TypeScript = SHAPES.JavaScript;
SHAPES.Tsx = SHAPES.JavaScript;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A record's regular expression over the arguments, when ast-grep's engine (Rust's `regex`: no
 * look-around, no back-references) reads it as we do; null otherwise (the condition is dropped).
 */
const portable = (regex) => (regex === null || /\(\?<?[=!]|\\[1-9]/.test(regex) ? null : regex);

/** A name with `*` wildcards (`Parse*Key*`, `getSecret*`) as a regular expression over one identifier. */
const glob = (name) => name.split('*').map(escape).join('\\w*');

/**
 * A word of a camelCase or snake_case identifier (`login` in `userLogin`, `login_user`, `doLogin`);
 * a final `*` makes it a prefix (`password*`: `passwordHash`).
 */
function wordRegex(word) {
	const prefix = word.endsWith('*');
	const w = escape(prefix ? word.slice(0, -1) : word);
	const cap = w.charAt(0).toUpperCase() + w.slice(1);
	const end = prefix ? '' : '(?:[A-Z0-9_]|$)';
	return `(?:^|[^A-Za-z])${w}${end}|${cap}${end}`;
}

/** What one record looks for in a callee: `last` over the called name, `recv` (optional) over its object. */
function apiTarget(qualified) {
	const parts = qualified.replace(/\(\)/g, '').split(/::|\.|\//).filter((p) => p !== '');
	const last = parts.at(-1);
	if (last !== '*') {
		return { last: `^${glob(last)}$` };
	}
	const recv = parts.at(-2);
	return recv === undefined || recv === '*' ? null : { last: '^\\w+$', recv: `(?:^|\\W)${glob(recv)}$` };
}

/** The callee conditions of a record, or null when it names no calls (its kind or `use`). */
export function calleeConditions(record) {
	const m = record.match;
	switch (m.kind) {
		case 'api': {
			if (m.use !== 'call' && m.use !== 'new') {
				return null;
			}
			const targets = m.names.map(apiTarget).filter((t) => t !== null);
			return targets.length === 0 ? null : { targets, newOnly: m.use === 'new', args: portable(m.args) };
		}
		case 'member':
		case 'method':
			return m.use === 'call' ? { targets: [{ last: `^(?:${m.names.map(glob).join('|')})$` }], args: portable(m.args) } : null;
		case 'calls':
			return { targets: m.names.map((n) => apiTarget(n)).filter((t) => t !== null) };
		case 'name':
			return {
				words: m.words.map(wordRegex).join('|'),
				with: m.with === null ? null : m.with.map(wordRegex).join('|'),
				unless: m.unless.length === 0 ? null : m.unless.map(wordRegex).join('|'),
				anywhere: m.receiver,
				args: m.args === null ? null : `(?i)(?:${m.args.map((w) => escape(w.replace(/\*$/, ''))).join('|')})`,
			};
		default:
			return null;
	}
}

/** A regular expression over a whole callee expression (`a.b.createHash`) from one over its last name. */
function overCallee(last, recv) {
	const name = last.replace(/^\^/, '').replace(/\$$/, '');
	return recv === undefined ? `(?:^|[^\\w$])${name}$` : `${recv.replace(/\$$/, '')}\\W+${name}$`;
}

/** One shape's condition for an api/member/method target. */
function targetRule(shape, t) {
	if (shape.name !== undefined) {
		const has = [{ has: { field: shape.name, regex: t.last } }];
		if (t.recv !== undefined) {
			has.push({ has: { field: shape.recv, regex: t.recv } });
		}
		return has.length === 1 ? has[0] : { all: has };
	}
	const regex = overCallee(t.last, t.recv);
	return shape.first ? { has: { nthChild: 1, regex } } : { has: { field: shape.callee, regex } };
}

/** A regex over the callee's last identifier (`\w*$`) or, with `anywhere`, over the whole callee. */
function nameRegex(alternatives, anywhere) {
	return anywhere ? `(?:${alternatives})` : `(?:${alternatives})\\w*$`;
}

/** One shape's condition for a `name` record: the words, the `with` words, none of the `unless` words. */
function nameRule(shape, c) {
	const node = (regex) => {
		if (shape.name !== undefined) {
			const own = { has: { field: shape.name, regex } };
			return c.anywhere ? { any: [own, { has: { field: shape.recv, regex } }] } : own;
		}
		return shape.first ? { has: { nthChild: 1, regex } } : { has: { field: shape.callee, regex } };
	};
	const all = [node(nameRegex(c.words, c.anywhere))];
	if (c.with !== null) {
		all.push(node(nameRegex(c.with, c.anywhere)));
	}
	if (c.unless !== null) {
		all.push({ not: node(nameRegex(c.unless, false)) });
	}
	return all.length === 1 ? all[0] : { all };
}

/** The ast-grep rule for one record in one language, or null when the record has no call shape there. */
export function astGrepRule(record, language, c = calleeConditions(record)) {
	if (c === null) {
		return null;
	}
	const shapes = SHAPES[language].filter((s) => !c.newOnly || s.isNew);
	const any = shapes.flatMap((shape) => {
		const cond = c.targets === undefined ? [nameRule(shape, c)] : c.targets.map((t) => targetRule(shape, t));
		if (c.args === null || c.args === undefined) {
			return [{ kind: shape.kind, any: cond }];
		}
		const args = shape.args === undefined ? { field: 'arguments', regex: c.args } : { ...shape.args, regex: c.args };
		return [{ kind: shape.kind, any: cond, has: args }];
	});
	if (any.length === 0) {
		return null;
	}
	const id = `${record.id}.${language.toLowerCase()}`;
	return { id, language, severity: 'info', message: record.summary, rule: any.length === 1 ? any[0] : { any } };
}

/** The ast-grep languages a record applies to (every mapped language for `languages: null`). */
function languagesOf(record) {
	const ids = record.languages ?? Object.keys(AST_GREP_LANGUAGES);
	return [...new Set(ids.map((id) => AST_GREP_LANGUAGES[id]).filter((l) => l !== undefined))];
}

/**
 * The pack for a list of rule records: the rules by ast-grep language, and what was covered
 * (`byKind`: records translated / records of that kind).
 */
export function astGrepPack(records) {
	const byLanguage = {};
	const byKind = {};
	for (const record of records) {
		const kind = (byKind[record.match.kind] ??= { covered: 0, records: 0 });
		kind.records++;
		const c = calleeConditions(record);
		const rules = c === null ? [] : languagesOf(record).map((l) => astGrepRule(record, l, c)).filter((r) => r !== null);
		if (rules.length > 0) {
			kind.covered++;
		}
		for (const rule of rules) {
			(byLanguage[rule.language] ??= []).push(rule);
		}
	}
	return { byLanguage, byKind };
}

/** One rule file's text: the rules as YAML documents separated by `---`. */
export function packYaml(rules) {
	return rules.map((r) => stringify(r, { lineWidth: 0 })).join('---\n');
}

/**
 * Writes the pack into `dir`: `sgconfig.yml` and one `rules/<language>.yml` per language. Returns the
 * pack and the config's path (`ast-grep scan -c <config> <paths>`).
 */
export function writePack(dir, records) {
	const pack = astGrepPack(records);
	rmSync(join(dir, 'rules'), { recursive: true, force: true });
	mkdirSync(join(dir, 'rules'), { recursive: true });
	for (const [language, rules] of Object.entries(pack.byLanguage)) {
		writeFileSync(join(dir, 'rules', `${language.toLowerCase()}.yml`), packYaml(rules));
	}
	const config = join(dir, 'sgconfig.yml');
	writeFileSync(config, 'ruleDirs:\n  - rules\n');
	return { pack, config };
}

/** The built-in rule records, loaded from the sources (src/core/rules/load.ts) through tsx. */
export function loadRecords() {
	require('tsx/cjs');
	const { builtinRules } = require('../src/core/rules/load.ts');
	return builtinRules();
}

/** One line per language and per kind: how many rules the pack has and which records it covers. */
export function packSummary(pack) {
	const langs = Object.entries(pack.byLanguage).map(([l, r]) => `${l} ${r.length}`);
	const total = Object.values(pack.byLanguage).reduce((n, r) => n + r.length, 0);
	const kinds = Object.entries(pack.byKind).map(([k, v]) => `${k} ${v.covered}/${v.records}`);
	return [`${total} ast-grep rules: ${langs.join(', ')}`, `records covered, by kind: ${kinds.join(', ')}`];
}

/**
 * The ast-grep binary of this platform's package (@ast-grep/cli's optional dependency), else the one
 * @ast-grep/cli's install script put in place; null when neither is there.
 */
export function astGrepBinary() {
	const platform = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
	const suffix = process.platform === 'linux' ? '-gnu' : process.platform === 'win32' ? '-msvc' : '';
	const exe = process.platform === 'win32' ? 'ast-grep.exe' : 'ast-grep';
	const candidates = [];
	try {
		candidates.push(join(dirname(require.resolve(`@ast-grep/cli-${platform}-${process.arch}${suffix}/package.json`)), exe));
	} catch {
		// Not installed for this platform: try the main package.
	}
	candidates.push(join(ROOT, 'node_modules', '@ast-grep', 'cli', exe));
	return candidates.find((p) => existsSync(p)) ?? null;
}

/** Arguments of the timed command: the pack on `paths`, every file as rg sees it with --no-ignore --hidden. */
export function astGrepArgs(config, paths) {
	const noIgnore = ['hidden', 'dot', 'exclude', 'global', 'parent', 'vcs'].flatMap((t) => ['--no-ignore', t]);
	// Declaration files and stubs get no detection from iso27001 either.
	return ['scan', '-c', config, ...noIgnore, '--globs', '!*.d.ts', '--globs', '!*.pyi', '--json=stream', ...paths];
}

/** Runs ast-grep once: wall milliseconds from spawn to exit, and the matches it printed (one JSON line each). */
export function runAstGrep(bin, args) {
	return new Promise((resolve, reject) => {
		const start = process.hrtime.bigint();
		const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let matches = 0;
		let stderr = '';
		child.stdout.on('data', (d) => {
			for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) {
				matches++;
			}
		});
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => {
			const ms = Number(process.hrtime.bigint() - start) / 1e6;
			if (code !== 0) {
				reject(new Error(`ast-grep exited ${code}: ${stderr}`));
			} else {
				resolve({ ms, matches });
			}
		});
	});
}

/**
 * The peer of the full scan: the pack written into `benchDir/astgrep` from the built-in records, and
 * how to run it on `corpus`; null when the ast-grep binary is not installed.
 */
export function astGrepPeer(benchDir, corpus) {
	const bin = astGrepBinary();
	if (bin === null) {
		return null;
	}
	const { pack, config } = writePack(join(benchDir, 'astgrep'), loadRecords());
	const args = astGrepArgs(config, [corpus]);
	const version = JSON.parse(readFileSync(require.resolve('@ast-grep/cli/package.json'), 'utf8')).version;
	const command = `ast-grep ${args.map((a) => (a.startsWith('/') ? relative(ROOT, a) : a.startsWith('!') ? `'${a}'` : a)).join(' ')}`;
	return { bin, args, version, command, summary: packSummary(pack), run: () => runAstGrep(bin, args) };
}

/** The lines `npm run bench` prints for the peer: its wall time and the ratio iso27001 / ast-grep, paired per run. */
export function peerLines(peer, scanMs, peerRuns, { spread, median }) {
	if (peer === null) {
		return ['', 'ast-grep peer: not installed (npm ci installs @ast-grep/cli and its binary for this platform)'];
	}
	const ratios = scanMs.map((ms, i) => ms / peerRuns[i].ms);
	return [
		'',
		`ast-grep peer (@ast-grep/cli ${peer.version}; the same call-shaped sensitive APIs, a pack generated from rules/*.yaml; goal: full scan ≤ 0.2× ast-grep)`,
		`  ${peer.summary.join('\n  ')}`,
		`  command: ${peer.command}`,
		`ast-grep scan, wall ms         ${spread(peerRuns.map((r) => r.ms))}   (${peerRuns[0].matches} matches)`,
		`ratio iso27001 / ast-grep      ${spread(ratios, (x) => x.toFixed(3))}×   (paired per run; goal ≤ 0.2× at the median: ${median(ratios) <= 0.2 ? 'met' : 'NOT met'})`,
	];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const dir = process.argv[2] ?? join(ROOT, '.bench', 'astgrep');
	const { pack, config } = writePack(dir, loadRecords());
	process.stdout.write(`${packSummary(pack).join('\n')}\nwrote ${config}\n`);
}
