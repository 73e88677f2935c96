import { strict as assert } from 'node:assert';
import { check, commentTexts, contents } from './util';

describe('lexer: Lua and YAML', () => {
	it('Lua: -- and long comments, long strings of any level', () => {
		const text = [
			'-- YES',
			'--[[ YES',
			'YES ]] CODE()',
			'--[==[ YES ]] YES ]==] CODE()',
			'local s = "STR -- STR \\" STR" -- YES',
			'local t = [[STR -- STR',
			']] .. [=[STR ]] -- STR]=] -- YES',
			'local u = CODE[CODE] --[ YES line comment',
		].join('\n');
		check('lua', text);
		assert.deepEqual(contents(text, 'lua').slice(1, 3), [' YES\nYES ', ' YES ]] YES ']);
	});

	it('YAML: # at line start or after a blank; quoted scalars', () => {
		check('yaml', [
			'# YES',
			'key: CODE # YES',
			'url: http://CODE/#CODE',
			'q: "STR # STR \\" STR" # YES',
			"s: 'STR # STR '' STR' # YES",
			"plain: don't # YES",
			'- "STR"',
			'- [ "STR", \'STR\' ] # YES',
			'"STR": CODE',
			'multi: "STR',
			'  STR # STR"',
			'run: |',
			'  echo "CODE # YES"',
		].join('\n'));
	});

	it('YAML ids for compose and workflow files lex as YAML', () => {
		assert.deepEqual(commentTexts('a: 1 # c', 'dockercompose'), ['# c']);
		assert.deepEqual(commentTexts('a: 1 # c', 'github-actions-workflow'), ['# c']);
	});
});
