import { lex } from '../../../src/core/lexer';
import type { Detector, RawFinding } from '../../../src/core/detection/detector';
import { ParsedSource, SharedParsers } from '../../../src/core/parse/parsedSource';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { builtinRules } from '../../../src/core/rules/load';

const parsers = new SharedParsers();

/** Runs detectors on a snippet as the engine would (prefilter, one shared parse), sorted by position. */
export async function runDetectors(detectors: readonly Detector[], languageId: string, text: string, path = 'snippet'): Promise<RawFinding[]> {
	const source = new ParsedSource({ path, text, languageId }, lex(text, languageId), parsers);
	try {
		const out: RawFinding[] = [];
		for (const d of detectors) {
			if (d.languages.has(languageId) && d.mayMatch(text, languageId)) {
				out.push(...(await d.detect(source)));
			}
		}
		return out.sort((a, b) => a.line - b.line || a.column - b.column);
	} finally {
		source.dispose();
	}
}

/** `line:category:api` strings, compact for `deepEqual`. */
export function brief(findings: readonly RawFinding[]): string[] {
	return findings.map((f) => `${f.line}:${f.category}:${f.api}`);
}

/** The ESTree engine's detector over the built-in rules (the `js-*.yaml` records), as `createDetectors` builds it. */
export function javascriptDetectors(): Detector[] {
	return recordDetectors(builtinRules(), 'medium').filter((d) => d.id === 'javascript');
}
