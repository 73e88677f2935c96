import { strict as assert } from 'node:assert';
import { check, commentTexts, stringTexts } from './util';

describe('lexer: shell, Makefile, PowerShell', () => {
	it('shell: # only at word start', () => {
		const r = check('shellscript', [
			'#!/bin/bash',
			'# YES',
			'echo ${#CODE} $# CODE#CODE ${CODE#*/} $((2#101)) # YES',
			'x=CODE;# YES',
			'(CODE)# YES',
			'echo a|# YES',
		].join('\n'));
		assert.equal(r.comments[0].line, 1);
	});

	it('shell: quotes, $\'…\', and $(…) with nested quotes inside double quotes', () => {
		check('shellscript', "echo 'STR # STR \\' # YES\necho \"STR \\\" # STR\" # YES");
		check('shellscript', "echo $'STR \\' # STR' # YES");
		check('shellscript', 'echo "STR $(CODE "STR # STR") STR # STR" # YES');
		check('shellscript', 'echo "$(CODE)"#CODE # YES');
		check('shellscript', 'echo "STR\n# STR\nSTR" # YES');
	});

	it('shell: heredocs, quoted, indented and several on one line', () => {
		const text = [
			'cat <<EOF # YES',
			'STR # STR \' " `',
			'EOF',
			'cat <<-\'END\'',
			'\tSTR # STR',
			'\tEND',
			'diff <(CODE) - <<A <<"B" # YES',
			'STR a',
			'A',
			'STR b',
			'B',
			'echo $((1 << CODE)) # YES',
			'cat <<< "STR" # YES',
		].join('\n');
		check('shellscript', text);
		assert.deepEqual(stringTexts('cat <<EOF\nbody\nEOF\necho', 'shellscript'), ['body\nEOF']);
	});

	it('dotenv files lex like shell', () => {
		check('dotenv', '# YES\nKEY="STR # STR" # YES\nURL=http://CODE/#CODE');
	});

	it('Makefile: # comments unless escaped; recipes are shell', () => {
		check('makefile', '# YES\nCODE := a\\#CODE # YES\ntarget: CODE ## YES\n\techo "STR # STR" CODE#CODE # YES');
	});

	it('PowerShell: # at token start, <# #> blocks, strings, here-strings', () => {
		const text = [
			'<# YES',
			'   YES #>',
			'$CODE = \'STR # STR \'\' STR\' # YES',
			'$b = "STR `" # STR $(CODE "STR") STR" # YES',
			'$h = @"',
			'STR # STR "',
			'"@',
			'$i = @\'',
			'STR # STR',
			'\'@ # YES',
			'Write-Host CODE#CODE; CODE # YES',
		].join('\n');
		check('powershell', text);
		assert.equal(commentTexts(text, 'powershell')[0], '<# YES\n   YES #>');
	});
});
