import { strict as assert } from 'node:assert';
import { evidenceKindOfPath, languageForPath, lex } from '../../../src/core/lexer';
import { check, contents } from './util';

describe('lexer: documents (Markdown, AsciiDoc, reStructuredText)', () => {
	it('finds the document languages by extension', () => {
		const cases: [string, string][] = [
			['docs/policy.md', 'markdown'], ['README.markdown', 'markdown'], ['guide.adoc', 'asciidoc'],
			['a.asciidoc', 'asciidoc'], ['index.rst', 'restructuredtext'],
		];
		for (const [path, id] of cases) {
			assert.equal(languageForPath(path), id, path);
		}
		assert.equal(evidenceKindOfPath('docs/security/ir.md'), 'document');
		assert.equal(evidenceKindOfPath('docs/a.rst'), 'document');
		assert.equal(evidenceKindOfPath('src/a.ts'), 'code');
		assert.equal(languageForPath('notes.txt'), undefined, 'plain text is not scanned');
	});

	it('Markdown: <!-- --> comments; prose, fenced code and code spans are not', () => {
		const text = [
			'# Access CODE',
			'<!-- YES -->',
			'Prose CODE // CODE # CODE with `STR <!-- STR -->` and ``STR ` STR``.',
			'```md',
			'<!-- STR @iso27001 A.8.24 -->',
			'```',
			'~~~~',
			'<!-- STR',
			'~~~',
			'STR -->',
			'~~~~',
			'text <!-- YES',
			'YES --> CODE \\`CODE <!-- YES -->',
			'an unclosed ` CODE',
			'',
			'`CODE',
		].join('\n');
		const r = check('markdown', text);
		assert.deepEqual(r.comments.map((c) => [c.kind, c.line, c.endLine, c.trailing]), [
			['block', 2, 2, false], ['block', 12, 13, true], ['block', 13, 13, true],
		]);
		assert.deepEqual(contents('<!-- @iso27001-file A.5.15 — policy -->', 'markdown'), [' @iso27001-file A.5.15 — policy ']);
	});

	it('Markdown: an unterminated fence runs to the end; a backtick fence with a backtick in its info string is no fence', () => {
		check('markdown', '```\n<!-- STR -->\n');
		check('markdown', '``` a`b\n<!-- YES -->\n');
	});

	it('AsciiDoc: // lines and //// blocks are comments; listing, literal and passthrough blocks are strings', () => {
		const text = [
			'= Title CODE',
			'// YES',
			'CODE // CODE',
			'/// CODE',
			'////',
			'YES',
			'////',
			'[source,typescript]',
			'----',
			'// STR',
			'----',
			'....',
			'// STR',
			'....',
			'++++',
			'<!-- STR -->',
			'++++',
			'```ts',
			'// STR',
			'```',
			'  // CODE',
		].join('\n');
		const r = check('asciidoc', text);
		assert.deepEqual(r.comments.map((c) => [c.kind, c.line, c.endLine]), [['line', 2, 2], ['block', 5, 7]]);
		assert.deepEqual(contents('//// \n a\n////', 'asciidoc'), [' a\n']);
	});

	it('reStructuredText: .. comments with their indented lines; directives, targets and literal blocks are not', () => {
		const text = [
			'Title CODE',
			'==========',
			'',
			'.. YES',
			'   YES',
			'',
			'     YES',
			'CODE',
			'.. note:: CODE',
			'',
			'   .. YES',
			'',
			'.. code-block:: rst',
			'',
			'   .. STR',
			'',
			'.. _target: CODE',
			'.. |sub| replace:: CODE',
			'.. [1] CODE',
			'An example::',
			'',
			'    .. STR',
			'    STR',
			'',
			'CODE',
			'..',
			'',
			'   CODE',
		].join('\n');
		const r = check('restructuredtext', text);
		assert.deepEqual(r.comments.map((c) => [c.kind, c.line, c.endLine]), [['block', 4, 7], ['line', 11, 11], ['line', 26, 26]]);
	});

	it('reStructuredText: an annotation comment keeps its text on its line', () => {
		const text = '.. @iso27001 A.5.24 — incident runbook\n\nBody text.\n';
		assert.deepEqual(contents(text, 'restructuredtext'), [' @iso27001 A.5.24 — incident runbook']);
		assert.equal(lex(text, 'restructuredtext').strings.length, 0);
	});
});
