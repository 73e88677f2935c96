import type { ParsedSource } from '../../parse/parsedSource';
import type { Detector, RawFinding } from '../detector';
import { lexicalFindings } from './lexical';
import { mayMatchJavaScript, mayMatchJavaScriptCode } from './prefilter';
import { Walker } from './walker';

/** Languages whose code TypeScript-ESTree parses (Vue and Svelte: their `<script>` blocks). */
const LANGUAGES: ReadonlySet<string> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue', 'svelte']);

/** Detectors for TypeScript and JavaScript (TypeScript-ESTree, import and alias tracking). */
export function javascriptDetectors(): Detector[] {
	return [
		{
			id: 'javascript',
			languages: LANGUAGES,
			mayMatch: mayMatchJavaScript,
			mayMatchCode: mayMatchJavaScriptCode,
			detect,
		},
	];
}

/** Findings of one file: from the syntax tree, or lexically when the file does not parse. */
async function detect(source: ParsedSource): Promise<RawFinding[]> {
	const parse = await source.estree().catch(() => null);
	if (parse !== null) {
		try {
			const walker = new Walker();
			walker.run(parse.root);
			return walker.hits.map(({ offset, hit }) => ({ ...source.lines.position(offset), category: hit.category, api: hit.api, message: hit.message }));
		} catch {
			// A tree too deep to walk (stack overflow): the lexical rules still see the file.
		}
	}
	return lexicalFindings(source.masked(), source.file.text).map(({ offset, category, api, message }) => ({ ...source.lines.position(offset), category, api, message }));
}
