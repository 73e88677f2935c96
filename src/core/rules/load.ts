/**
 * Loading and validating rule files (`rules/*.yaml`): every error names `file:line:col`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'yaml';
import { SUPPORTED_LANGUAGE_IDS } from '../lexer';
import { snapshotRules } from '../snapshot/read';
import { YamlFile } from '../text/yamlFile';
import { CATEGORIES, type Category } from '../types';
import { API_USES, CONFIDENCES, MATCH_KINDS, MEMBER_USES, type ApiUse, type MemberUse, type Confidence, type Placement, type RuleMatch, type RuleRecord } from './model';

const RULE_KEYS = ['id', 'category', 'confidence', 'languages', 'message', 'summary', 'place', 'case', 'inside', 'not-inside', 'own-function', ...MATCH_KINDS];
const ID = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

type Fields = Map<string, { key: string; keyNode: Node; value: Node | null }>;

/** The rules of one rule file's text. Throws `ConfigError` at the first problem. */
export function parseRuleFile(file: string, text: string): RuleRecord[] {
	const y = new YamlFile(file, text);
	const top = y.pairs(y.map(y.root, 'a rule file'), 'a rule file', ['rules']);
	const rulesNode = top.find((p) => p.key === 'rules');
	if (rulesNode === undefined) {
		throw y.error(y.root, `a rule file needs a 'rules' list`);
	}
	const seen = new Set<string>();
	return y.seq(rulesNode.value, 'rules').map((node) => {
		const rule = parseRule(y, node);
		if (seen.has(rule.id)) {
			throw y.error(node, `duplicate rule id '${rule.id}'`);
		}
		seen.add(rule.id);
		return rule;
	});
}

function need(y: YamlFile, fields: Fields, key: string, node: Node, what: string): Node | null {
	const f = fields.get(key);
	if (f === undefined) {
		throw y.error(node, `${what} needs '${key}'`);
	}
	return f.value;
}

function oneOf<T extends string>(y: YamlFile, node: Node | null, allowed: readonly T[], what: string): T {
	const value = y.string(node, what);
	if (!(allowed as readonly string[]).includes(value)) {
		throw y.error(node, `${what} must be one of ${allowed.join(', ')}, not '${value}'`);
	}
	return value as T;
}

function parseRule(y: YamlFile, node: Node): RuleRecord {
	const fields: Fields = new Map(y.pairs(y.map(node, 'a rule'), 'a rule', RULE_KEYS).map((p) => [p.key, p]));
	const idNode = need(y, fields, 'id', node, 'a rule');
	const id = y.string(idNode, 'rule id');
	if (!ID.test(id)) {
		throw y.error(idNode, `rule id '${id}' must be lower-case words joined by '.' or '-'`);
	}
	const what = `rule '${id}'`;
	const kinds = MATCH_KINDS.filter((k) => fields.has(k));
	if (kinds.length !== 1) {
		throw y.error(node, `${what} needs exactly one of ${MATCH_KINDS.join(', ')}${kinds.length > 1 ? `, not ${kinds.join(' and ')}` : ''}`);
	}
	const langNode = fields.get('languages')?.value ?? null;
	const { line, column } = y.pos(node);
	return {
		id,
		category: oneOf<Category>(y, need(y, fields, 'category', node, what), CATEGORIES, `${what}: category`),
		confidence: oneOf<Confidence>(y, need(y, fields, 'confidence', node, what), CONFIDENCES, `${what}: confidence`),
		languages: langNode === null ? null : y.stringList(langNode, `${what}: languages`).map(({ value, node: n }) => {
			if (!(SUPPORTED_LANGUAGE_IDS).includes(value)) {
				throw y.error(n, `${what}: unknown language '${value}'`);
			}
			return value;
		}),
		message: y.string(need(y, fields, 'message', node, what), `${what}: message`),
		summary: y.string(need(y, fields, 'summary', node, what), `${what}: summary`),
		match: withCase(y, withPlacement(y, parseMatch(y, kinds[0], fields.get(kinds[0])?.value ?? null, what), fields.get('place')?.value, what), fields.get('case')?.value, what),
		at: { file: y.path, line, column },
		...enclosing(y, fields, what),
		...ownFunction(y, fields, kinds[0], what),
	};
}

/** `own-function: true`, for name rules only: a call that counts only where it reaches the workspace's own function (see `RuleRecord.ownFunction`). */
function ownFunction(y: YamlFile, fields: Fields, kind: RuleMatch['kind'], what: string): { ownFunction?: true } {
	const node = fields.get('own-function')?.value;
	if (node === undefined) {
		return {};
	}
	if (kind !== 'name') {
		throw y.error(node, `${what}: 'own-function' applies to name rules only`);
	}
	return y.boolean(node, `${what}: own-function`) ? { ownFunction: true } : {};
}

/** The optional `inside` / `not-inside` conditions on the enclosing definition's name (absent when not written). */
function enclosing(y: YamlFile, fields: Fields, what: string): { inside?: string; notInside?: string } {
	const out: { inside?: string; notInside?: string } = {};
	if (fields.has('inside')) {
		out.inside = regex(y, fields.get('inside')?.value ?? null, `${what}: inside`);
	}
	if (fields.has('not-inside')) {
		out.notInside = regex(y, fields.get('not-inside')?.value ?? null, `${what}: not-inside`);
	}
	return out;
}

/** `case: sensitive` is for regular-expression rules only; `insensitive` is the default. */
function withCase(y: YamlFile, match: RuleMatch, node: Node | null | undefined, what: string): RuleMatch {
	if (node === undefined) {
		return match;
	}
	if (match.kind !== 'pattern' && match.kind !== 'string' && match.kind !== 'text') {
		throw y.error(node, `${what}: 'case' applies to pattern, text and string rules only`);
	}
	return oneOf(y, node, ['sensitive', 'insensitive'], `${what}: case`) === 'sensitive' ? { ...match, matchCase: true } : match;
}

/** `place: guard` is for regular-expression rules only. */
function withPlacement(y: YamlFile, match: RuleMatch, node: Node | null | undefined, what: string): RuleMatch {
	if (node === undefined) {
		return match;
	}
	if (match.kind !== 'pattern' && match.kind !== 'string' && match.kind !== 'text') {
		throw y.error(node, `${what}: 'place' applies to pattern and string rules only`);
	}
	return { ...match, place: oneOf<Placement>(y, node, ['match', 'guard'], `${what}: place`) };
}

function regex(y: YamlFile, node: Node | null, what: string): string {
	const source = y.string(node, what);
	try {
		new RegExp(source, 'i');
	} catch (e) {
		throw y.error(node, `${what} is not a valid regular expression: ${(e as Error).message}`);
	}
	if (LONG_LEADING_LOOKBEHIND.test(source)) {
		throw y.error(node, `${what} starts with a lookbehind that can span many characters: it is tried at every offset of every file; start with a literal (and place the finding with a group named api)`);
	}
	return source;
}

/**
 * A pattern opening with a lookbehind in which any character, or any but a few, may repeat many times
 * (`(?<=\bf\s*\([^)]{0,400}?)…`): the engine walks back over up to that many characters at every offset.
 */
const LONG_LEADING_LOOKBEHIND = /^\(\?<=(?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*?(?:\.|\[\^(?:[^\]\\]|\\.)*\])(?:[*+]|\{\d*,(?:\d{3,}|[2-9]\d)?\})/;

/** Lower-case words (`names`: whole lower-case function names, underscores allowed). */
function words(y: YamlFile, node: Node | null, what: string, names = false): string[] {
	return y.stringList(node, what).map(({ value, node: n }) => {
		if (!(names ? /^[a-z0-9_]+$/ : /^[a-z0-9]+\*?$/).test(value)) {
			throw y.error(n, `${what}: '${value}' must be one lower-case word (letters and digits; a final * matches any ending)`);
		}
		return value;
	});
}

function parseMatch(y: YamlFile, kind: RuleMatch['kind'], node: Node | null, what: string): RuleMatch {
	const at = `${what}: ${kind}`;
	if (kind === 'string' || kind === 'pattern' || kind === 'text') {
		return { kind, pattern: regex(y, node, at), place: 'match' };
	}
	const f: Fields = new Map(y.pairs(y.map(node, at), at, MATCH_KEYS[kind]).map((p) => [p.key, p]));
	const opt = (key: string): Node | null => f.get(key)?.value ?? null;
	const req = (key: string): Node | null => need(y, f, key, node as Node, at);
	switch (kind) {
		case 'api':
			return apiMatch(y, f, node, at);
		case 'member':
			return memberMatch(y, f, req('names'), at);
		case 'method':
			return parseMethod(y, f, req('names'), at);
		case 'calls':
			return { kind, names: y.stringList(req('names'), `${at}.names`).map((n) => n.value) };
		case 'equals':
			return { kind, keys: globNames(y, req('keys'), `${at}.keys`) };
		case 'name':
			return parseName(y, f, req('words'), at);
		case 'read': {
			const key = y.string(req('key'), `${at}.key`);
			return {
				kind, objects: words(y, req('objects'), `${at}.objects`),
				getters: f.has('getters') ? words(y, opt('getters'), `${at}.getters`, true) : [],
				globals: f.has('globals') ? words(y, opt('globals'), `${at}.globals`, true) : [],
				key: key === 'secret' ? key : regex(y, opt('key'), `${at}.key`),
				...(f.has('members') ? { members: y.boolean(opt('members'), `${at}.members`) } : {}),
			};
		}
		case 'option':
			return {
				kind, keys: y.stringList(req('keys'), `${at}.keys`).map((k) => k.value),
				value: f.has('value') ? regex(y, opt('value'), `${at}.value`) : null,
				...(f.has('forwards') ? { forwards: y.boolean(opt('forwards'), `${at}.forwards`) } : {}),
			};
		case 'compare':
			return {
				kind, words: words(y, req('words'), `${at}.words`), unless: f.has('unless') ? words(y, opt('unless'), `${at}.unless`) : [],
				...(f.has('constant-time') ? { constantTime: y.boolean(opt('constant-time'), `${at}.constant-time`) } : {}),
			};
		case 'log': {
			const message = y.string(req('message'), `${at}.message`);
			return {
				kind, loggers: words(y, req('loggers'), `${at}.loggers`),
				message: message === 'security-event' ? message : regex(y, opt('message'), `${at}.message`),
				unless: f.has('unless') ? regex(y, opt('unless'), `${at}.unless`) : null,
				...(f.has('literal') ? { literal: y.boolean(opt('literal'), `${at}.literal`) } : {}),
				...(f.has('qualified') ? { qualified: y.boolean(opt('qualified'), `${at}.qualified`) } : {}),
			};
		}
	}
}

function memberMatch(y: YamlFile, f: Fields, names: Node | null, at: string): RuleMatch {
	const opt = (key: string): Node | null => f.get(key)?.value ?? null;
	return {
		kind: 'member', names: memberNames(y, names, `${at}.names`),
		use: f.has('use') ? oneOf<MemberUse>(y, opt('use'), MEMBER_USES, `${at}.use`) : 'call',
		receiver: f.has('receiver') ? regex(y, opt('receiver'), `${at}.receiver`) : null,
		imports: f.has('imports') ? qualifiedNames(y, opt('imports'), `${at}.imports`) : [],
		args: f.has('args') ? regex(y, opt('args'), `${at}.args`) : null,
		near: f.has('near') ? regex(y, opt('near'), `${at}.near`) : null,
		external: f.has('external') ? y.boolean(opt('external'), `${at}.external`) : false,
	};
}

function apiMatch(y: YamlFile, f: Fields, node: Node | null, at: string): RuleMatch {
	const opt = (key: string): Node | null => f.get(key)?.value ?? null;
	return {
		kind: 'api', names: qualifiedNames(y, need(y, f, 'names', node as Node, at), `${at}.names`),
		use: f.has('use') ? oneOf<ApiUse>(y, opt('use'), API_USES, `${at}.use`) : 'call',
		unless: f.has('unless') ? qualifiedNames(y, opt('unless'), `${at}.unless`, true) : [],
		args: f.has('args') ? regex(y, opt('args'), `${at}.args`) : null,
		...(f.has('key') ? { key: readKey(y, opt('key'), `${at}.key`) } : {}),
		...(f.has('near') ? { near: regex(y, opt('near'), `${at}.near`) } : {}),
		...(f.has('bare') ? { bare: y.boolean(opt('bare'), `${at}.bare`) } : {}),
	};
}

/** Member names: letters, digits and `_`, a `*` for any run of them. */
function memberNames(y: YamlFile, node: Node | null, what: string): string[] {
	return y.stringList(node, what).map(({ value, node: n }) => {
		if (!/^[\w$*]+$/.test(value) || !/[\w$]/.test(value)) {
			throw y.error(n, `${what}: '${value}' must be a member name such as 'SignedString' or 'Parse*Key*'`);
		}
		return value;
	});
}

/**
 * Qualified names: segments joined by `.`, `/`, `::` or `\\` (`()` for a call's result), a final `*` for any rest; with `anyClass`
 * (`unless`) also `*.name`, the member `name` of any class (`*.init`).
 */
function qualifiedNames(y: YamlFile, node: Node | null, what: string, anyClass = false): string[] {
	return y.stringList(node, what).map(({ value, node: n }) => {
		const name = anyClass && value.startsWith('*.') ? value.slice(2) : value;
		if (!/^[@\w$][\w$@./:\\-]*(?:\(\)[\w$@./:\\-]*)*\*?$/.test(name) || value.includes('..')) {
			throw y.error(n, `${what}: '${value}' must be a qualified name such as 'crypto.createHash' or 'hashlib.*'`);
		}
		return value;
	});
}

function parseName(y: YamlFile, f: Fields, wordList: Node | null, at: string): RuleMatch {
	const opt = (key: string): Node | null => f.get(key)?.value ?? null;
	const list = (key: string): string[] | null => (f.has(key) ? words(y, opt(key), `${at}.${key}`) : null);
	return {
		kind: 'name', words: words(y, wordList, `${at}.words`), with: list('with'),
		receiver: f.has('receiver') ? y.boolean(opt('receiver'), `${at}.receiver`) : false,
		unless: list('unless') ?? [], args: list('args'), near: list('near'), acts: list('acts'),
		...(f.has('unless-args') ? { unlessArgs: list('unless-args') ?? [] } : {}),
		inputs: f.has('inputs') ? y.boolean(opt('inputs'), `${at}.inputs`) : false,
		...(f.has('arguments') ? { arguments: y.boolean(opt('arguments'), `${at}.arguments`) } : {}),
	};
}

function parseMethod(y: YamlFile, f: Fields, names: Node | null, at: string): RuleMatch {
	const opt = (key: string): Node | null => f.get(key)?.value ?? null;
	return {
		kind: 'method', names: globNames(y, names, `${at}.names`),
		receiver: f.has('receiver') ? regex(y, opt('receiver'), `${at}.receiver`) : null,
		imports: f.has('imports') ? qualifiedNames(y, opt('imports'), `${at}.imports`) : [],
		use: f.has('use') ? oneOf<'call' | 'decorator'>(y, opt('use'), ['call', 'decorator'], `${at}.use`) : 'call',
		args: f.has('args') ? regex(y, opt('args'), `${at}.args`) : null,
		message: f.has('message') ? readKey(y, opt('message'), `${at}.message`, 'security-event') : null,
	};
}

/** `secret`, `key-material` (or `special`), or a regular expression. */
function readKey(y: YamlFile, node: Node | null, what: string, special: readonly string[] | string = ['secret', 'key-material']): string {
	const value = y.string(node, what);
	return (typeof special === 'string' ? [special] : special).includes(value) ? value : regex(y, node, what);
}

/** Names as written in code (identifiers), a final `*` for any ending. */
function globNames(y: YamlFile, node: Node | null, what: string): string[] {
	return y.stringList(node, what).map(({ value, node: n }) => {
		if (!/^[\w$-]*\*?$/.test(value) || value === '') {
			throw y.error(n, `${what}: '${value}' must be a name such as 'hasRole' or 'acquireToken*'`);
		}
		return value;
	});
}

const MATCH_KEYS: Readonly<Record<Exclude<RuleMatch['kind'], 'string' | 'pattern' | 'text'>, readonly string[]>> = {
	api: ['names', 'use', 'unless', 'args', 'key', 'near', 'bare'],
	member: ['names', 'use', 'receiver', 'imports', 'args', 'near', 'external'],
	method: ['names', 'receiver', 'imports', 'use', 'args', 'message'],
	equals: ['keys'],
	calls: ['names'],
	name: ['words', 'with', 'receiver', 'unless', 'args', 'unless-args', 'near', 'acts', 'inputs', 'arguments'],
	read: ['objects', 'getters', 'globals', 'key', 'members'],
	option: ['keys', 'value', 'forwards'],
	log: ['loggers', 'message', 'unless', 'literal', 'qualified'],
	compare: ['words', 'unless', 'constant-time'],
};

/** Every `*.yaml` rule file of a folder, in name order, as records (ids unique across files). */
export function loadRuleDir(dir: string): RuleRecord[] {
	const out: RuleRecord[] = [];
	const ids = new Map<string, string>();
	for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
		const file = path.join(dir, name);
		for (const rule of parseRuleFile(file, fs.readFileSync(file, 'utf8'))) {
			const other = ids.get(rule.id);
			if (other !== undefined) {
				throw new Error(`${file}:${rule.at.line}:${rule.at.column}: rule id '${rule.id}' is also defined in ${other}`);
			}
			ids.set(rule.id, file);
			out.push(rule);
		}
	}
	return out;
}

/** The folder of the shipped rule files: `rules/` beside `controls/`, found from this module up. */
export function builtinRulesDir(): string {
	for (let dir = __dirname; ; dir = path.dirname(dir)) {
		const candidate = path.join(dir, 'rules');
		if (fs.existsSync(path.join(dir, 'controls')) && fs.existsSync(candidate)) {
			return candidate;
		}
		if (path.dirname(dir) === dir) {
			throw new Error(`the rules folder was not found above ${__dirname}`);
		}
	}
}

let builtin: readonly RuleRecord[] | undefined;

/** The shipped rules, loaded once per thread: from the build's snapshot while it matches the rule files. */
export function builtinRules(): readonly RuleRecord[] {
	builtin ??= snapshotRules(rulesDigest()) ?? loadRuleDir(builtinRulesDir());
	return builtin;
}

const digests = new Map<string, string>();

/** Hash of the names and contents of a folder's rule files (the built-in ones by default), read once per process. */
export function rulesDigest(dir?: string): string {
	let folder: string;
	try {
		folder = dir ?? builtinRulesDir();
	} catch (e) {
		// Without its rule files the engine reports the error itself; the digest only must not match a good run's.
		return `unreadable: ${(e as Error).message}`;
	}
	let digest = digests.get(folder);
	if (digest === undefined) {
		const h = createHash('sha256');
		try {
			for (const name of fs.readdirSync(folder).filter((n) => /\.ya?ml$/.test(n)).sort()) {
				h.update(`${name}\0`).update(fs.readFileSync(path.join(folder, name))).update('\0');
			}
		} catch (e) {
			h.update(`unreadable: ${(e as Error).message}`);
		}
		digest = h.digest('hex');
		digests.set(folder, digest);
	}
	return digest;
}
