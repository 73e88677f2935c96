/**
 * One finding per cryptographic operation, across engines (LABELING.md "What a site is"): the call that
 * creates or obtains a primitive is the site, and the methods then called on the object it made
 * (`h.update(…)`, `encryptor.finalize()`, `kdf.derive(…)`, `c.doFinal()`) are part of that operation.
 */
import type { RawFinding } from '../detection/detector';
import type { ParsedSource } from '../parse/parsedSource';
import { lastAssignment } from '../text/assignments';

/** A method call at a finding's place: its receiver, a plain variable, and the method. */
const METHOD_CALL = /^([A-Za-z_$][\w$]*)\s*(?:\.|->)\s*([A-Za-z_$][\w$]*)\s*\(/;
/** A password hasher's operations are each a site of their own (`$hasher->HashPassword(…)`, `$hasher->CheckPassword(…)`). */
const PASSWORD_METHOD = /pass(?:word|wd|phrase)/i;
/** Receivers that are the object itself or a module, never a variable a call made. */
const NOT_A_VARIABLE = new Set(['self', 'this', '$this', 'cls', 'super', 'base', 'me', 'Me', 'static', 'parent']);

/**
 * `findings` without the crypto findings that are a method called on a variable assigned, earlier in the
 * file, from a call on a line that holds another crypto finding (the one that made the object).
 */
export function dropFollowUps(findings: readonly RawFinding[], source: ParsedSource): readonly RawFinding[] {
	const cryptoLines = new Set(findings.filter((f) => f.category === 'crypto').map((f) => f.line));
	if (cryptoLines.size < 2) {
		return findings;
	}
	const code = source.masked();
	const { lines } = source;
	return findings.filter((f) => {
		if (f.category !== 'crypto') {
			return true;
		}
		const offset = lines.lineStart(f.line) + f.column - 1;
		const receiver = receiverAt(code, offset);
		if (receiver === null || NOT_A_VARIABLE.has(receiver)) {
			return true;
		}
		const made = assignmentLines(code, receiver, offset, (o) => lines.position(o).line);
		return made === null || !made.some((line) => line !== f.line && cryptoLines.has(line));
	});
}

/** The variable a method is called on, a finding placed on the call (`h.update(`) or on its method (`update(` after `h.`). */
function receiverAt(code: string, offset: number): string | null {
	const call = METHOD_CALL.exec(code.slice(offset, offset + 200));
	if (call !== null) {
		return PASSWORD_METHOD.test(call[2]) ? null : call[1];
	}
	const before = MEMBER_BEFORE.exec(code.slice(Math.max(0, offset - 100), offset));
	const method = /^[A-Za-z_$][\w$]*(?=\s*\()/.exec(code.slice(offset, offset + 100));
	return before !== null && method !== null && !PASSWORD_METHOD.test(method[0]) ? before[1] : null;
}
const MEMBER_BEFORE = /(?<![\w$.>])([A-Za-z_$][\w$]*)\s*(?:\.|->)\s*$/;

/** The lines of the last assignment to `name` before `offset`, from its start to where its value starts. */
function assignmentLines(code: string, name: string, offset: number, lineOf: (offset: number) => number): number[] | null {
	const last = lastAssignment(code, name, offset, 20_000);
	if (last === null) {
		return null;
	}
	const first = lineOf(last.start);
	const valueLine = lineOf(last.end + (/^\s*/.exec(code.slice(last.end, last.end + 200))?.[0].length ?? 0));
	return first === valueLine ? [first] : [first, valueLine];
}
