/**
 * Markup: HTML, XML and Vue single-file components (`<!-- -->` comments, quoted attribute values,
 * CDATA), with `<script>` and `<style>` contents handed to the JavaScript/TypeScript and CSS
 * lexers; and PHP, whose text outside `<?php … ?>` is HTML.
 *
 * Text between tags is code (not a span); `{{ … }}` in Vue templates too. `<textarea>` and
 * `<title>` contents are not special. A `<script>` of a non-JavaScript type (a template) is lexed
 * as markup without scripts.
 */
import { isLetter, isSpace, startsWithIgnoreCase } from './chars';
import { lexCLike } from './clike';
import { DIALECTS } from './dialects';
import { blockComment, quoted, strSpec } from './primitives';
import type { Scanner } from './scanner';

/** Lexes `[start, end)` of the scanner's text as the language `languageId` (an embedded region). */
export type Embed = (s: Scanner, languageId: string, start: number, end: number) => void;

const ATTR_DOUBLE = strSpec('"', { escape: '', multiline: true });
const ATTR_SINGLE = strSpec('\'', { escape: '', multiline: true });

/** Lexes markup from `start` to `s.limit`; `embed` (HTML, Vue) lexes script and style contents, `null` (XML) does not. */
export function lexMarkup(s: Scanner, start: number, embed: Embed | null): void {
	let pos = start;
	while (pos < s.limit) {
		const k = s.find('<', pos);
		if (k < 0) {
			return;
		}
		pos = markupAt(s, k, embed);
	}
}

/** A `<` at `k`: comment, CDATA, declaration, closing or opening tag. */
function markupAt(s: Scanner, k: number, embed: Embed | null): number {
	const t = s.text;
	if (t.startsWith('<!--', k)) {
		return blockComment(s, k, '<!--', '-->');
	}
	if (t.startsWith('<![CDATA[', k)) {
		const e = s.find(']]>', k + 9);
		const end = e < 0 ? s.limit : e + 3;
		s.addString(k, end);
		return end;
	}
	const n = t.charCodeAt(k + 1);
	if (n === 33 || n === 63 || n === 47) { // <! <? </
		const e = s.find('>', k + 2);
		return e < 0 ? s.limit : e + 1;
	}
	return isLetter(n) ? openTag(s, k, embed) : k + 1;
}

/** Attributes of a `<script>` or `<style>` tag that choose the embedded language. */
interface RawTag {
	readonly name: 'script' | 'style';
	lang: string;
	type: string;
}

/** An opening tag from its `<`; returns the offset after it (after the contents of script and style). */
function openTag(s: Scanner, k: number, embed: Embed | null): number {
	const t = s.text;
	const lim = s.limit;
	let i = k + 1;
	while (i < lim && !isSpace(t.charCodeAt(i)) && t.charCodeAt(i) !== 62 && t.charCodeAt(i) !== 47) {
		i++;
	}
	const raw: RawTag | null = embed === null ? null : rawTag(t, k + 1, i);
	let wanted: 'lang' | 'type' | '' = '';
	let afterEq = false;
	while (i < lim) {
		const c = t.charCodeAt(i);
		if (c === 62) {
			return raw === null || embed === null ? i + 1 : rawText(s, i + 1, raw, embed);
		}
		if (c === 47 && t.charCodeAt(i + 1) === 62) {
			return i + 2;
		}
		if (isSpace(c) || c === 61) {
			afterEq = c === 61 || afterEq;
			i++;
			continue;
		}
		const a = i;
		if ((c === 34 || c === 39) && afterEq) {
			i = quoted(s, i, i + 1, c === 34 ? ATTR_DOUBLE : ATTR_SINGLE);
		} else {
			while (i < lim && !isAttrEnd(t, i)) {
				i++;
			}
			i = Math.max(i, a + 1);
		}
		if (raw !== null && afterEq && wanted !== '') {
			raw[wanted] = unquote(t, a, i).toLowerCase();
		}
		wanted = raw !== null && !afterEq ? attrName(t, a, i) : '';
		afterEq = false;
	}
	return i;
}

/** End of an attribute name or unquoted value (quotes inside them are text, as browsers read them). */
function isAttrEnd(t: string, i: number): boolean {
	const c = t.charCodeAt(i);
	return isSpace(c) || c === 62 || c === 61 || (c === 47 && t.charCodeAt(i + 1) === 62);
}

function unquote(t: string, a: number, e: number): string {
	const q = t.charCodeAt(a);
	return q === 34 || q === 39 ? t.slice(a + 1, t.charCodeAt(e - 1) === q && e - 1 > a ? e - 1 : e) : t.slice(a, e);
}

function attrName(t: string, a: number, e: number): 'lang' | 'type' | '' {
	return e - a === 4 && startsWithIgnoreCase(t, a, 'lang') ? 'lang' : e - a === 4 && startsWithIgnoreCase(t, a, 'type') ? 'type' : '';
}

function rawTag(t: string, a: number, e: number): RawTag | null {
	if (e - a === 6 && startsWithIgnoreCase(t, a, 'script')) {
		return { name: 'script', lang: '', type: '' };
	}
	if (e - a === 5 && startsWithIgnoreCase(t, a, 'style')) {
		return { name: 'style', lang: '', type: '' };
	}
	return null;
}

/** The contents of a script or style element, up to its closing tag, lexed as its language. */
function rawText(s: Scanner, from: number, raw: RawTag, embed: Embed): number {
	const close = raw.name === 'script' ? '</script' : '</style';
	let end = s.limit;
	for (let k = s.find('</', from); k >= 0; k = s.find('</', k + 2)) {
		if (startsWithIgnoreCase(s.text, k, close)) {
			end = k;
			break;
		}
	}
	const lang = raw.name === 'script' ? scriptLanguage(raw.lang, raw.type) : styleLanguage(raw.lang);
	if (lang !== null && end > from) {
		embed(s, lang, from, end);
	}
	return end;
}

/**
 * The language of a `<script>` by its `lang` (Vue) or `type`: JavaScript by default, JSONC for
 * JSON types, markup without scripts (`xml`) for other types (templates); null for other `lang`s.
 */
function scriptLanguage(lang: string, type: string): string | null {
	switch (lang) {
		case 'ts': return 'typescript';
		case 'tsx': return 'typescriptreact';
		case 'jsx': return 'javascriptreact';
		case '': case 'js': case 'javascript': break;
		default: return null;
	}
	if (type === '' || /javascript|ecmascript|module|babel|jsx/.test(type)) {
		return 'javascript';
	}
	if (type.includes('typescript')) {
		return 'typescript';
	}
	return type.includes('json') || type === 'importmap' ? 'jsonc' : 'xml';
}

function styleLanguage(lang: string): string {
	return lang === 'scss' || lang === 'sass' ? 'scss' : lang === 'less' ? 'less' : 'css';
}

/** Lexes PHP: code inside `<?php … ?>`, `<?= … ?>` and `<? … ?>`; HTML outside. */
export function lexPhp(s: Scanner, start: number, embed: Embed): void {
	const outer = s.limit;
	let pos = start;
	while (pos < outer) {
		const k = phpOpen(s, pos);
		const htmlEnd = k < 0 ? outer : k;
		if (htmlEnd > pos) {
			s.limit = htmlEnd;
			lexMarkup(s, pos, embed);
			s.limit = outer;
		}
		if (k < 0) {
			return;
		}
		const t = s.text;
		const code = k + (t.charCodeAt(k + 2) === 61 ? 3 : startsWithIgnoreCase(t, k + 2, 'php') ? 5 : 2);
		pos = Math.max(code, lexCLike(s, code, DIALECTS.php));
	}
}

/** Offset of the next PHP opening tag at or after `from`, or -1. */
function phpOpen(s: Scanner, from: number): number {
	const t = s.text;
	for (let k = s.find('<?', from); k >= 0; k = s.find('<?', k + 2)) {
		const c = t.charCodeAt(k + 2);
		if (c === 61 || k + 2 >= s.limit || isSpace(c)) {
			return k;
		}
		if (startsWithIgnoreCase(t, k + 2, 'php') && (k + 5 >= s.limit || isSpace(t.charCodeAt(k + 5)))) {
			return k;
		}
	}
	return -1;
}
