import { strict as assert } from 'node:assert';
import { ScopeResolver, type ScopeRequest } from '../../../src/core/scope';
import { lex } from '../../../src/core/lexer';
import type { LexResult, Scope } from '../../../src/core/types';

/** The real lexer's result for a fixture. */
export function lexFixture(text: string, languageId: string): LexResult {
	return lex(text, languageId);
}

/** Requests for every comment holding `@iso27001` (file-level for `@iso27001-file`), in order. */
export function annotationRequests(text: string, lex: LexResult): ScopeRequest[] {
	return lex.comments
		.filter((c) => text.slice(c.start, c.end).includes('@iso27001'))
		.map((comment) => ({ comment, fileLevel: text.slice(comment.start, comment.end).includes('@iso27001-file') }));
}

/** Compact form of a scope for assertions: `[kind, startLine, endLine, symbol]`. */
export type Expected = [Scope['kind'], number, number, string | null];

let shared: ScopeResolver | undefined;

/** A resolver shared by the test files (grammars load once). */
export function resolver(): ScopeResolver {
	shared ??= ScopeResolver.create();
	return shared;
}

/** Resolves every annotation of `text` and returns the scopes in compact form. */
export async function scopesOf(languageId: string, text: string, path = 'fixture'): Promise<Expected[]> {
	const lex = lexFixture(text, languageId);
	const scopes = await resolver().resolve({ path, text, languageId }, lex, annotationRequests(text, lex));
	return scopes.map((s) => [s.kind, s.startLine, s.endLine, s.symbol]);
}

/** Asserts the scopes of the annotations of `text`, in order. */
export async function expectScopes(languageId: string, text: string, expected: Expected[], path?: string): Promise<void> {
	assert.deepEqual(await scopesOf(languageId, text, path), expected);
}
