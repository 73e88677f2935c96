// Loading and validation of the labelled corpora: eval/corpus.yaml (the library set) and every
// eval/apps/*.yaml (one application each, in the tune or held-out set). Format: eval/LABELING.md.
// Every error is a MaterialiseError naming the YAML file and the entry.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { CATEGORIES, LANGUAGES, MaterialiseError, ROOT, SPLITS, safeName } from './common.mjs';

/** The split fixed in eval/LABELING.md before labelling: an app listed here must carry this split. */
export const FIXED_SPLITS = {
	'actual-sync-server': 'tune', cockpit: 'tune', 'docker-registry': 'held-out', dokuwiki: 'tune', ghost: 'tune',
	keepass2: 'held-out', keystone: 'tune', lighttpd: 'tune', 'mono-xsp': 'held-out', openauth: 'tune', radicale: 'tune',
	redmine: 'held-out', roundcube: 'tune', syncthing: 'tune', tomcat10: 'held-out',
	// added later, each at the next position by the same rule (LABELING.md "Split")
	jetty9: 'tune', mono: 'tune', pcs: 'held-out', schleuder: 'tune', aspnetwebstack: 'tune',
	// 21 in place of pagure, which Debian 12 does not have
	mailman3: 'held-out',
	// 22 in place of activemq, whose upstream tarball answers 404
	zookeeper: 'tune',
	puppet: 'tune', // application 23 (LABELING.md "Split")
	'strapi-users-permissions': 'held-out', // application 24
	phpmyadmin: 'tune', // application 25
	etcd: 'tune', // application 26
	'authjs-core': 'held-out', // application 27
	mosquitto: 'tune', // application 28
	buildbot: 'tune', // application 29
	redis: 'held-out', // application 30
	wordpress: 'tune', // application 31
	'budibase-server': 'tune', // application 32
	icingaweb2: 'held-out', // application 33
	caddy: 'tune', // application 34
	barbican: 'tune', // application 35
	// 36-41: their briefs counted the positions one off (LABELING.md, after Application 43's paragraph)
	sudo: 'tune', // application 36
	doorkeeper: 'tune', // application 37
	prometheus: 'held-out', // application 38
	'ansible-core': 'tune', // application 39
	'feathers-authentication': 'tune', // application 40
	openvpn: 'held-out', // application 41
	derby: 'held-out', // application 42
	devise: 'tune', // application 43
	lxd: 'tune', // application 44
	horizon: 'held-out', // application 45
	mediawiki: 'tune', // application 46
	'node-red': 'tune', // application 47
	dovecot: 'held-out', // application 48
	'django-allauth': 'tune', // application 49
	verdaccio: 'tune', // application 50
	influxdb: 'held-out', // application 51
	postfixadmin: 'tune', // application 52
	freeradius: 'tune', // application 53
	'oidc-provider': 'held-out', // application 54
	'nats-server': 'tune', // application 55
	swift: 'tune', // application 56
	'parse-server': 'held-out', // application 57
	exim4: 'tune', // application 58
	'directus-api': 'tune', // application 59
	'tryton-server': 'held-out', // application 60
	'lenne-tech-nest-server': 'tune', // application 61
	'docker.io': 'tune', // application 62
	postfix: 'held-out', // application 63
	payload: 'tune', // application 64
	icinga2: 'tune', // application 65
	'etherpad-lite': 'held-out', // application 66
	rclone: 'tune', // application 67
	deluge: 'tune', // application 68
	znc: 'held-out', // application 69
	cacti: 'tune', // application 70
	restic: 'tune', // application 71
	coturn: 'held-out', // application 72
	squid: 'tune', // application 73
	'backstage-auth-backend': 'tune', // application 74
	strongswan: 'held-out', // application 75
	keepassxc: 'tune', // application 76
	kamailio: 'tune', // application 77
	'supabase-auth-js': 'held-out', // application 78
	nocobase: 'tune', // application 79
	pgbouncer: 'tune', // application 80
	zoneminder: 'held-out', // application 81
	'better-auth': 'tune', // application 82
	octavia: 'tune', // application 83
	lego: 'held-out', // application 84
	dropbear: 'tune', // application 85
	cups: 'tune', // application 86
	'adonisjs-auth': 'held-out', // application 87
	'tt-rss': 'tune', // application 88
	icecast2: 'tune', // application 89
	thelounge: 'held-out', // application 90
	designate: 'tune', // application 91
	nginx: 'tune', // application 92
	apacheds: 'held-out', // application 93
	haproxy: 'tune', // application 94
	'supertokens-node': 'tune', // application 95
	calibre: 'held-out', // application 96
	apache2: 'tune', // application 97
	ganeti: 'tune', // application 98
	'vendure-core': 'held-out', // application 99
	'postgresql-15': 'tune', // application 100
	openssh: 'tune', // application 101
	zabbix: 'held-out', // application 102
	'keystone-6-core': 'tune', // application 103
	'prometheus-alertmanager': 'tune', // application 104
	n8n: 'held-out', // application 105
	h2database: 'tune', // application 106
	'proftpd-dfsg': 'tune', // application 107
	hsqldb: 'held-out', // application 108
	'medusa-auth': 'tune', // application 109
	freeipa: 'tune', // application 110
	pdns: 'held-out', // application 111
	'loopback-auth': 'tune', // application 112
	kubernetes: 'tune', // application 113
	rails: 'held-out', // application 114
	openldap: 'tune', // application 115
	nodebb: 'tune', // application 116
	adminer: 'held-out', // application 117
	'httpcomponents-client': 'tune', // application 118
	nova: 'tune', // application 119
	mercurial: 'held-out', // application 120
	skopeo: 'tune', // application 121
	sails: 'tune', // application 122
	davical: 'held-out', // application 123
};

/** The fields each source type needs. */
const SOURCE_FIELDS = {
	npm: ['name', 'version', 'integrity'],
	deb: ['name', 'version', 'sha256'],
	debsrc: ['name', 'version', 'orig', 'sha256'],
};
const LABEL_KEYS = new Set(['line', 'category', 'api', 'optional', 'note']);
const HEX64 = /^[0-9a-f]{64}$/;
const APP_ID = /^[a-z0-9][a-z0-9._-]*$/;

const fail = (msg) => new MaterialiseError(msg);
const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const show = (x) => JSON.stringify(x) ?? String(x);

/** Where a source is extracted under .eval/src/ (the npm and deb names are those of the first eval). */
export function sourceDir(s) {
	if (s.type === 'npm') return `npm_${safeName(s.name)}@${s.version}`;
	return `${s.type}_${safeName(s.name)}_${safeName(s.version)}`;
}

function parseSource(s, yaml) {
	if (!isObject(s) || typeof s.id !== 'string' || s.id === '') throw fail(`${yaml}: every source needs an id`);
	const at = `${yaml}: source ${s.id}`;
	const fields = SOURCE_FIELDS[s.type];
	if (!fields) throw fail(`${at}: unknown type ${show(s.type)} (npm, deb or debsrc)`);
	const missing = fields.filter((k) => s[k] === undefined || s[k] === null || s[k] === '');
	if (missing.length) throw fail(`${at}: ${s.type} source needs ${fields.join(', ')} (missing ${missing.join(', ')})`);
	for (const k of fields) if (typeof s[k] !== 'string') throw fail(`${at}: ${k} must be a string (quote it), not ${show(s[k])}`);
	if (s.type !== 'npm' && !HEX64.test(s.sha256)) throw fail(`${at}: sha256 must be 64 lower-case hex digits`);
	if (s.type === 'debsrc' && (s.orig.includes('/') || !s.orig.includes('.orig.tar'))) {
		throw fail(`${at}: orig must be the upstream tarball's file name (<name>_<upstream version>.orig.tar.*), not ${show(s.orig)}`);
	}
	return { ...s, yaml, dir: sourceDir(s), checksum: s.type === 'npm' ? s.integrity : s.sha256 };
}

function parseAppHeader(doc, yaml) {
	if (typeof doc.app !== 'string' || !APP_ID.test(doc.app)) throw fail(`${yaml}: app must be a lower-case id ([a-z0-9._-]), not ${show(doc.app)}`);
	const at = `${yaml}: app ${doc.app}`;
	if (!SPLITS.includes(doc.split)) throw fail(`${at}: split must be tune or held-out, not ${show(doc.split)}`);
	const fixed = FIXED_SPLITS[doc.app];
	if (fixed && fixed !== doc.split) throw fail(`${at}: split must be ${fixed} (fixed in eval/LABELING.md before labelling), not ${doc.split}`);
	if (typeof doc.description !== 'string' || doc.description.trim() === '') throw fail(`${at}: needs a description`);
	return { app: doc.app, set: doc.split, description: doc.description };
}

function parseLabels(list, at) {
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) throw fail(`${at}: labels must be a list`);
	const seen = new Set();
	return list.map((l) => {
		if (!isObject(l)) throw fail(`${at}: a label must be a mapping { line, category, api }, not ${show(l)}`);
		if (!Number.isInteger(l.line) || l.line < 1) throw fail(`${at}: bad label line ${show(l.line)}`);
		const here = `${at}:${l.line}`;
		if (!CATEGORIES.includes(l.category)) throw fail(`${here}: unknown category ${show(l.category)} (${CATEGORIES.join(', ')})`);
		const extra = Object.keys(l).filter((k) => !LABEL_KEYS.has(k));
		if (extra.length) {
			throw fail(`${here}: label ${l.category}: unknown key ${extra.map(show).join(', ')} (keys: ${[...LABEL_KEYS].join(', ')}; `
				+ 'quote an api that holds a comma or a colon)');
		}
		if (l.optional !== undefined && typeof l.optional !== 'boolean') throw fail(`${here}: label ${l.category}: optional must be true or false, not ${show(l.optional)}`);
		const key = `${l.line}:${l.category}`;
		if (seen.has(key)) throw fail(`${here}: duplicate label ${l.category}`);
		seen.add(key);
		return { line: l.line, category: l.category, api: l.api === undefined || l.api === null ? '' : String(l.api), optional: l.optional === true };
	});
}

function parseNegatives(list, at) {
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list)) throw fail(`${at}: negatives must be a list`);
	const seen = new Set();
	return list.map((n) => {
		if (!isObject(n) || !Number.isInteger(n.line) || n.line < 1) throw fail(`${at}: a negative needs a line (a positive integer): ${show(n)}`);
		if (seen.has(n.line)) throw fail(`${at}:${n.line}: duplicate negative`);
		seen.add(n.line);
		return { line: n.line, note: n.note === undefined || n.note === null ? '' : String(n.note) };
	});
}

/**
 * A file's path under apps/<app>/: its path in its source, except in an app with several npm sources, whose
 * files all start with package/: there each package's files go under the package's name (`package/src/x.ts`
 * of @scope/name -> `scope_name/src/x.ts`), so that equal paths of two packages do not collide.
 */
function appPath(p, src, sources) {
	const npmSources = [...sources.values()].filter((s) => s.type === 'npm').length;
	return src.type === 'npm' && npmSources > 1 ? `${safeName(src.name)}/${p.replace(/^package\//, '')}` : p;
}

function parseFile(f, ctx) {
	if (!isObject(f) || typeof f.path !== 'string' || f.path === '') throw fail(`${ctx.yaml}: files[${ctx.index}]: needs a path`);
	const at = `${ctx.yaml}: file ${f.path}`;
	if (path.isAbsolute(f.path) || f.path.split(/[/\\]/).includes('..')) throw fail(`${at}: path must be relative, without '..'`);
	const src = ctx.sources.get(f.source);
	if (!src) throw fail(`${at}: unknown source ${show(f.source)}`);
	if (!HEX64.test(f.sha256 ?? '')) throw fail(`${at}: missing sha256`);
	if (!LANGUAGES.includes(f.language)) throw fail(`${at}: unknown language ${show(f.language)} (${LANGUAGES.join(' ')})`);
	if (f.lines !== undefined && !(Number.isInteger(f.lines) && f.lines > 0)) throw fail(`${at}: lines must be a positive integer`);
	const rel = ctx.app === null
		? `${f.language}/${safeName(src.name)}/${f.path.replace(/^package\//, '')}`
		: `apps/${ctx.app}/${appPath(f.path, src, ctx.sources)}`;
	return {
		yaml: ctx.yaml, set: ctx.set, app: ctx.app, at, rel, src, path: f.path, sha256: f.sha256, language: f.language,
		lines: f.lines ?? null, labels: parseLabels(f.labels, at), negatives: parseNegatives(f.negatives, at),
	};
}

function listField(doc, key, yaml) {
	const v = doc[key] ?? [];
	if (!Array.isArray(v)) throw fail(`${yaml}: ${key} must be a list`);
	return v;
}

/**
 * Validates one parsed YAML document. `kind` is 'library' (eval/corpus.yaml: files under
 * <language>/<package>/) or 'app' (eval/apps/*.yaml: files under apps/<app>/).
 */
export function parseCorpusDoc(doc, yaml, kind) {
	if (!isObject(doc)) throw fail(`${yaml}: not a YAML mapping`);
	const header = kind === 'app' ? parseAppHeader(doc, yaml) : { app: null, set: 'library', description: '' };
	const sources = new Map();
	for (const s of listField(doc, 'sources', yaml)) {
		const src = parseSource(s, yaml);
		if (sources.has(src.id)) throw fail(`${yaml}: duplicate source ${src.id}`);
		sources.set(src.id, src);
	}
	const files = listField(doc, 'files', yaml).map((f, index) => parseFile(f, { ...header, yaml, sources, index }));
	return { yaml, ...header, sources, files };
}

/** Joins validated documents: one corpus, a file and an app at most once, one checksum per package. */
export function combineDocs(docs) {
	const sources = new Map();
	const apps = new Map();
	const rels = new Map();
	const files = [];
	for (const d of docs) {
		if (d.app !== null) {
			if (apps.has(d.app)) throw fail(`${d.yaml}: app ${d.app} is also defined in ${apps.get(d.app).yaml}`);
			apps.set(d.app, { app: d.app, split: d.set, description: d.description, yaml: d.yaml, files: d.files.length });
		}
		for (const s of d.sources.values()) {
			const other = sources.get(s.dir);
			if (other && other.checksum !== s.checksum) throw fail(`${d.yaml}: source ${s.id}: same package as ${other.id} in ${other.yaml}, different checksum`);
			if (!other) sources.set(s.dir, s);
		}
		for (const f of d.files) {
			if (rels.has(f.rel)) throw fail(`${f.at}: duplicate corpus file ${f.rel} (also in ${rels.get(f.rel)})`);
			rels.set(f.rel, f.yaml);
			files.push(f);
		}
	}
	return { sources, files, apps: [...apps.values()].sort((a, b) => (a.app < b.app ? -1 : 1)) };
}

function readYaml(file) {
	const shown = path.relative(ROOT, file).startsWith('..') ? file : path.relative(ROOT, file);
	try {
		return { doc: YAML.parse(fs.readFileSync(file, 'utf8')), shown };
	} catch (e) {
		throw fail(`cannot read ${shown}: ${e.message}`);
	}
}

/** The YAML files of the application corpus, sorted; none when the folder does not exist. */
export function appFiles(appsDir) {
	if (!fs.existsSync(appsDir)) return [];
	return fs.readdirSync(appsDir).filter((n) => n.endsWith('.yaml')).sort().map((n) => path.join(appsDir, n));
}

/** Loads the library corpus and every application YAML into one validated corpus. */
export function loadCorpus(corpusFile, appsDir) {
	const docs = [];
	const lib = readYaml(corpusFile);
	docs.push(parseCorpusDoc(lib.doc, lib.shown, 'library'));
	for (const file of appFiles(appsDir)) {
		const app = readYaml(file);
		docs.push(parseCorpusDoc(app.doc, app.shown, 'app'));
	}
	return combineDocs(docs);
}
