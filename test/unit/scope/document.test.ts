import { expectScopes } from './helpers';

describe('scope: documents (sections, not code)', () => {
	it('Markdown: above a heading, the section to the next heading of its level or higher', async () => {
		const text = [
			'# Security policy', //1
			'', //2
			'<!-- @iso27001 A.5.15 — access control policy -->', //3
			'## Access control', //4
			'Access is granted by role.', //5
			'', //6
			'### Reviews', //7
			'Quarterly.', //8
			'', //9
			'## Incidents', //10
			'<!-- @iso27001 A.5.24 — runbook -->', //11
			'We keep a runbook. <!-- @iso27001 A.5.26 -->', //12
			'', //13
			'```ts', //14
			'## not a heading', //15
			'```', //16
			'<!-- @iso27001-file A.5.1 -->', //17
		].join('\n');
		await expectScopes('markdown', text, [
			['declaration', 4, 8, 'Access control'],
			['statement', 12, 16, 'Incidents'],
			['statement', 12, 12, 'Incidents'],
			['file', 1, 17, null],
		]);
	});

	it('Markdown: setext headings; an annotation before any heading covers the document from the next text', async () => {
		const text = '<!-- @iso27001 A.5.1 -->\nIntro.\n\nPolicy\n======\n<!-- @iso27001 A.5.15 -->\nSub\n---\ntext\n';
		await expectScopes('markdown', text, [['statement', 2, 9, null], ['declaration', 7, 9, 'Sub']]);
	});

	it('AsciiDoc: = headings', async () => {
		const text = '= Guide\n\n// @iso27001 A.8.24 — crypto\n== Cryptography\nAES.\n\n== Logging\nYes.\n';
		await expectScopes('asciidoc', text, [['declaration', 4, 5, 'Cryptography']]);
	});

	it('reStructuredText: titles by adornment style, levels in order of appearance', async () => {
		const text = [
			'=====', //1
			'Guide', //2
			'=====', //3
			'', //4
			'.. @iso27001 A.5.24 — incident runbook', //5
			'', //6
			'Incidents', //7
			'---------', //8
			'', //9
			'Call the on-call engineer.', //10
			'', //11
			'Sub', //12
			'~~~', //13
			'Text.', //14
			'', //15
			'Backups', //16
			'-------', //17
			'Nightly.', //18
		].join('\n');
		await expectScopes('restructuredtext', text, [['declaration', 7, 14, 'Incidents']]);
	});
});
