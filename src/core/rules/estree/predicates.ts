/**
 * The tests of the parser-engine match kinds (`api`, `method`), compiled once and shared by the
 * ESTree engine and their lexical fallback: names with a final `*` glob, read keys, log messages.
 */
import { isSecretName, namesKeyMaterial, SECURITY_PHRASE } from '../../detection/names';
import type { ApiMatch, MethodMatch } from '../model';

/** A test of a name against names with an optional final `*` (any ending). */
export function globTest(names: readonly string[]): (name: string) => boolean {
	const exact = new Set(names.filter((n) => !n.endsWith('*')));
	const prefixes = names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1));
	return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
}

/** The test of an `api` record's `key` (or of a `method` record's `message`); null when it has none. */
export function keyTest(key: string | null | undefined): ((text: string) => boolean) | null {
	if (key === null || key === undefined) {
		return null;
	}
	if (key === 'secret') {
		return isSecretName;
	}
	if (key === 'key-material') {
		return namesKeyMaterial;
	}
	const re = key === 'security-event' ? SECURITY_PHRASE : new RegExp(key, 'i');
	return (text) => re.test(text);
}

/** An `api` record's tests: of a qualified name (names, not unless), of the arguments' code, of the key read. */
export interface ApiTest {
	readonly name: (qname: string) => boolean;
	readonly args: RegExp | null;
	readonly key: ((text: string) => boolean) | null;
}

export function apiTest(m: ApiMatch): ApiTest {
	const names = globTest(m.names);
	const unless = globTest(m.unless);
	return { name: (q) => names(q) && !unless(q), args: m.args === null ? null : new RegExp(m.args, 'i'), key: keyTest(m.key) };
}

/** A `method` record's tests. */
export interface MethodTest {
	readonly name: (name: string) => boolean;
	/** Full match of the receiver's last name (`''` when none), case-sensitive. */
	readonly receiver: RegExp | null;
	readonly imports: (module: string) => boolean;
	readonly args: RegExp | null;
	readonly message: ((text: string) => boolean) | null;
}

export function methodTest(m: MethodMatch): MethodTest {
	return {
		name: globTest(m.names),
		receiver: m.receiver === null ? null : new RegExp(`^(?:${m.receiver})$`),
		imports: globTest(m.imports),
		args: m.args === null ? null : new RegExp(m.args, 'i'),
		message: keyTest(m.message),
	};
}

/** True when a file importing `modules` passes a method test's `imports` (none required: always). */
export function importsPass(m: MethodMatch, test: MethodTest, modules: Iterable<string>): boolean {
	if (m.imports.length === 0) {
		return true;
	}
	for (const module of modules) {
		if (test.imports(module)) {
			return true;
		}
	}
	return false;
}
