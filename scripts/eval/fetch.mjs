// Downloading and verifying the corpus's packages into .eval/src/<dir>/, each stamped `.verified`
// with its checksum so that a later run reuses it: npm tarballs (`npm pack`, checked against the
// registry's integrity), Debian binary packages (`apt-get download`, checked by the .deb's sha256)
// and Debian source packages (`apt-get source --download-only` with a private apt configuration
// under .eval/apt/, checked by the upstream tarball's sha256, extracted without Debian's patches).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { APT_DIR, CACHE_DIR, MaterialiseError, ROOT, SRC_DIR, log, run, safeName, sha256 } from './common.mjs';

const POINT_RELEASE_HINT = 'Debian may have replaced this version with a newer point/security release — '
	+ 'update the YAML that names it and re-check the labels';

/** The source's extraction dir when its stamp says it was verified with this checksum, else null. */
function verifiedDir(src) {
	const dest = path.join(SRC_DIR, src.dir);
	const stamp = path.join(dest, '.verified');
	return fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === src.checksum ? dest : null;
}

/** Replaces the extraction dir by what `extract(dest)` writes, then stamps it. */
function extractInto(src, extract) {
	const dest = path.join(SRC_DIR, src.dir);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	extract(dest);
	fs.writeFileSync(path.join(dest, '.verified'), src.checksum);
	return dest;
}

function fetchNpm(src) {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const tgz = path.join(CACHE_DIR, `${safeName(src.name)}-${src.version}.tgz`);
	if (!fs.existsSync(tgz)) {
		log(`npm pack ${src.name}@${src.version}`);
		const out = run('npm', ['pack', `${src.name}@${src.version}`, '--silent', '--pack-destination', CACHE_DIR], ROOT)
			.trim().split('\n').pop();
		const produced = path.join(CACHE_DIR, out);
		if (produced !== tgz) fs.renameSync(produced, tgz);
	}
	const dash = src.integrity.indexOf('-');
	const [algo, expected] = [src.integrity.slice(0, dash), src.integrity.slice(dash + 1)];
	const actual = createHash(algo).update(fs.readFileSync(tgz)).digest('base64');
	if (actual !== expected) {
		fs.rmSync(tgz, { force: true });
		throw new MaterialiseError(`${src.yaml}: source ${src.id}: integrity mismatch for ${src.name}@${src.version}: expected ${src.integrity}, got ${algo}-${actual}`);
	}
	return extractInto(src, (dest) => run('tar', ['-xzf', tgz, '-C', dest], ROOT));
}

function fetchDeb(src) {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const debs = () => fs.readdirSync(CACHE_DIR).filter((n) => n.endsWith('.deb') && n.startsWith(`${src.name}_`));
	const findDeb = () => debs().find((n) => sha256(fs.readFileSync(path.join(CACHE_DIR, n))) === src.sha256);
	let deb = findDeb();
	if (!deb) {
		log(`apt-get download ${src.name}=${src.version}`);
		try {
			run('apt-get', ['download', `${src.name}=${src.version}`], CACHE_DIR);
		} catch (e) {
			throw new MaterialiseError(`${src.yaml}: source ${src.id}: ${e.message}\n(hint: run 'apt-get update' first; ${POINT_RELEASE_HINT})`);
		}
		deb = findDeb();
		if (!deb) {
			const got = debs().map((n) => `${n} sha256 ${sha256(fs.readFileSync(path.join(CACHE_DIR, n)))}`);
			throw new MaterialiseError(`${src.yaml}: source ${src.id}: sha256 mismatch for ${src.name}=${src.version}: expected ${src.sha256}, got ${got.join(', ') || 'nothing'}`);
		}
	}
	return extractInto(src, (dest) => run('dpkg-deb', ['-x', path.join(CACHE_DIR, deb), dest], ROOT));
}

// ---------------------------------------------------------------------------------------------
// Debian source packages

export const APT_SOURCES = `# Written by scripts/eval.mjs: Debian source packages for the application corpus.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;
const APT_LISTS = path.join(APT_DIR, 'lists');
const APT_PARTS = path.join(APT_DIR, 'sources.list.d');
let aptListsFresh = false;

/** apt-get's options for the private configuration: only .eval/apt/'s deb-src entry and lists. */
export function aptOptions(aptDir = APT_DIR) {
	return ['-o', 'Dir::Etc::SourceList=/dev/null', '-o', `Dir::Etc::SourceParts=${path.join(aptDir, 'sources.list.d')}`,
		'-o', `Dir::State::Lists=${path.join(aptDir, 'lists')}`, '-o', `Dir::Cache=${path.join(aptDir, 'cache')}`];
}

function aptUpdate() {
	log(`apt-get update (deb-src lists in ${path.relative(ROOT, APT_LISTS)}/)`);
	run('apt-get', [...aptOptions(), 'update'], ROOT);
	aptListsFresh = true;
}

/** Writes the private sources file and fetches the lists when there are none. */
function ensureAptLists() {
	fs.mkdirSync(APT_PARTS, { recursive: true });
	fs.mkdirSync(path.join(APT_LISTS, 'partial'), { recursive: true });
	fs.mkdirSync(path.join(APT_DIR, 'cache', 'archives', 'partial'), { recursive: true });
	const file = path.join(APT_PARTS, 'debian-src.sources');
	if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== APT_SOURCES) {
		fs.writeFileSync(file, APT_SOURCES);
		fs.rmSync(APT_LISTS, { recursive: true, force: true });
		fs.mkdirSync(path.join(APT_LISTS, 'partial'), { recursive: true });
	}
	if (!fs.readdirSync(APT_LISTS).some((n) => n.includes('_Sources'))) aptUpdate();
}

/** `apt-get source --download-only --tar-only name=version` (the upstream tarballs, no Debian diff) into `dir`; refreshes stale lists once. */
function aptSource(src, dir) {
	ensureAptLists();
	const args = [...aptOptions(), 'source', '--download-only', '--tar-only', `${src.name}=${src.version}`];
	log(`apt-get source --download-only --tar-only ${src.name}=${src.version}`);
	try {
		run('apt-get', args, dir);
	} catch (e) {
		if (aptListsFresh) throw e;
		aptUpdate();
		run('apt-get', args, dir);
	}
}

function fetchDebsrc(src) {
	const dir = path.join(CACHE_DIR, 'debsrc');
	fs.mkdirSync(dir, { recursive: true });
	const tarball = path.join(dir, src.orig);
	const matches = () => fs.existsSync(tarball) && sha256(fs.readFileSync(tarball)) === src.sha256;
	if (!matches()) {
		try {
			aptSource(src, dir);
		} catch (e) {
			throw new MaterialiseError(`${src.yaml}: source ${src.id}: ${e.message}\n(hint: ${POINT_RELEASE_HINT}; `
				+ `delete ${path.relative(ROOT, APT_LISTS)}/ to fetch the source lists again)`);
		}
		if (!fs.existsSync(tarball)) {
			const got = fs.readdirSync(dir).filter((n) => n.startsWith(`${src.name}_`)).join(', ') || 'nothing';
			throw new MaterialiseError(`${src.yaml}: source ${src.id}: apt-get source ${src.name}=${src.version} did not produce ${src.orig} (got ${got})`);
		}
		if (!matches()) {
			const actual = sha256(fs.readFileSync(tarball));
			fs.rmSync(tarball, { force: true });
			throw new MaterialiseError(`${src.yaml}: source ${src.id}: sha256 mismatch for ${src.orig}: expected ${src.sha256}, got ${actual}`);
		}
	}
	return extractInto(src, (dest) => run('tar', ['-xf', tarball, '-C', dest], ROOT));
}

const FETCHERS = { npm: fetchNpm, deb: fetchDeb, debsrc: fetchDebsrc };

/** The verified extraction dir of a source, downloading and extracting it when needed. */
export function fetchSource(src) {
	return verifiedDir(src) ?? FETCHERS[src.type](src);
}
