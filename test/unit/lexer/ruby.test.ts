import { strict as assert } from 'node:assert';
import { lex } from '../../../src/core/lexer';
import { check, contents } from './util';

describe('lexer: Ruby', () => {
	it('finds # comments and =begin/=end blocks', () => {
		const text = '# YES\nCODE = 1 # YES\n=begin\nYES block\n=end\nCODE # YES\n  =begin CODE';
		const r = check('ruby', text);
		assert.deepEqual(r.comments.map((c) => [c.kind, c.line, c.endLine]), [
			['line', 1, 1], ['line', 2, 2], ['block', 3, 5], ['line', 6, 6],
		]);
		assert.deepEqual(contents(text, 'ruby')[2], '\nYES block');
	});

	it('skips strings with interpolation holding code and nested strings', () => {
		check('ruby', "a = 'STR # STR \\' STR' # YES\nb = \"STR #{CODE(\"STR } # STR\")} STR # STR\" # YES");
		check('ruby', 'c = `STR # STR` # YES\nd = "STR\n# STR" # YES');
		check('ruby', 'e = :"STR # STR" # YES\nf = $\' + $" + CODE # YES');
	});

	it('handles %-literals with nesting bracket delimiters', () => {
		check('ruby', 'a = %q(STR (STR) # STR) # YES\nb = %w[STR # STR] # YES\nc = %Q{STR #{STR} {STR}} # YES'); // holes of %-literals stay string
		check('ruby', 'd = %(STR # STR) # YES\ne = %r|STR # STR|i # YES\nputs %i<STR # STR> # YES');
		check('ruby', 'x = CODE % 2 # YES\ny = 10 %CODE # YES');
		check('ruby', 'q = ?" # YES\nh = ?# # YES\nt = CODE ? "STR" : \'STR\' # YES');
	});

	it('tells regex literals from division', () => {
		check('ruby', 'if CODE =~ /STR # STR/ then CODE end # YES\nx = a / CODE / 2 # YES');
		check('ruby', 'CODE.split(/STR # STR/) # YES\nputs /STR # STR/ # YES');
	});

	it('handles heredocs, squiggly, quoted and several per line', () => {
		const text = [
			'x = <<~EOS # YES',
			'  STR # STR "',
			'  EOS',
			'call(<<-A, <<\'B\') # YES',
			'STR # STR',
			'  A',
			'STR # STR',
			'B',
			'class << self # YES',
			'  CODE',
			'end',
			'arr << CODE # YES',
		].join('\n');
		check('ruby', text);
	});

	it('treats the text after __END__ as data', () => {
		const r = lex('CODE # x\n__END__\n# not a comment "', 'ruby');
		assert.equal(r.comments.length, 1);
		assert.equal(r.strings.length, 1);
	});
});
