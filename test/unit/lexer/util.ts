import { strict as assert } from 'node:assert';
import { lex } from '../../../src/core/lexer';
import type { LexResult } from '../../../src/core/types';

/** Kind of region an offset falls in. */
export type Region = 'comment' | 'string' | 'code';

/** The region of every offset of `text`, by the lexer's result. */
export function regions(text: string, r: LexResult): Region[] {
	const out: Region[] = new Array<Region>(text.length).fill('code');
	for (const c of r.comments) {
		for (let i = c.contentStart; i < c.contentEnd; i++) {
			out[i] = 'comment';
		}
	}
	for (const s of r.strings) {
		for (let i = s.start; i < s.end; i++) {
			out[i] = 'string';
		}
	}
	return out;
}

const MARKERS: Record<string, Region> = { YES: 'comment', STR: 'string', CODE: 'code' };

/**
 * Lexes `text` as `languageId` and checks every marker: `YES` must lie in a comment's content,
 * `STR` in a string span, `CODE` in neither. Returns the result for further checks.
 */
export function check(languageId: string, text: string): LexResult {
	const r = lex(text, languageId);
	const map = regions(text, r);
	const found = /YES|STR|CODE/g;
	let m: RegExpExecArray | null;
	let count = 0;
	while ((m = found.exec(text)) !== null) {
		count++;
		const want = MARKERS[m[0]];
		const got = map[m.index];
		if (got !== want) {
			const line = text.slice(0, m.index).split('\n').length;
			assert.fail(`${languageId}: ${m[0]} on line ${line} is in ${got}, expected ${want}\n${describe(text, r)}`);
		}
	}
	assert.ok(count > 0, 'snippet has no markers');
	return r;
}

/** The comments' and strings' texts, for failure messages. */
export function describe(text: string, r: LexResult): string {
	return [
		...r.comments.map((c) => `comment ${c.kind}: ${JSON.stringify(text.slice(c.start, c.end))}`),
		...r.strings.map((s) => `string: ${JSON.stringify(text.slice(s.start, s.end))}`),
	].join('\n');
}

/** Texts of the comments (whole, with delimiters). */
export function commentTexts(text: string, languageId: string): string[] {
	return lex(text, languageId).comments.map((c) => text.slice(c.start, c.end));
}

/** Texts of the comments' contents. */
export function contents(text: string, languageId: string): string[] {
	return lex(text, languageId).comments.map((c) => text.slice(c.contentStart, c.contentEnd));
}

/** Texts of the string spans. */
export function stringTexts(text: string, languageId: string): string[] {
	return lex(text, languageId).strings.map((s) => text.slice(s.start, s.end));
}
