import { strict as assert } from 'node:assert';
import { lex } from '../../../src/core/lexer';
import { check, commentTexts, contents } from './util';

describe('lexer: HTML, XML, Vue, PHP', () => {
	it('HTML: <!-- --> comments, attribute values are strings', () => {
		const text = '<!-- YES -->\n<a title="STR <!-- STR -->" href=\'STR\'>CODE</a> <!-- YES\nYES -->';
		const r = check('html', text);
		assert.deepEqual(r.comments.map((c) => [c.kind, c.line, c.endLine, c.trailing]), [['block', 1, 1, false], ['block', 2, 3, true]]);
		assert.deepEqual(contents(text, 'html'), [' YES ', ' YES\nYES ']);
	});

	it('HTML: quotes inside unquoted attribute values are text', () => {
		check('html', '<a title=CODE\'s href=CODE>it\'s</a> <!-- YES -->\n<b x="STR">');
	});

	it('HTML: lexes <script> as JavaScript and <style> as CSS', () => {
		check('html', [
			'<script>',
			'  // YES',
			'  const CODE = "STR </div> // STR"; /* YES */',
			'</script>',
			'<script type="module">let CODE = \'STR\'; // YES\n</SCRIPT>',
			'<script type="text/template"><!-- YES --> CODE // CODE</script>',
			'<style>',
			'  /* YES */ a { content: "STR /* STR"; }',
			'</style>',
			'<p>CODE // CODE</p>',
		].join('\n'));
	});

	it('XML: comments, CDATA, processing instructions; no script lexing', () => {
		check('xml', '<?xml version="1.0"?>\n<!-- YES -->\n<a b="STR"><![CDATA[ STR <!-- STR --> ]]></a>\n<script>// CODE</script>');
	});

	it('Vue: template comments, script (lang="ts") and style blocks', () => {
		check('vue', [
			'<template>',
			'  <!-- YES -->',
			'  <div :class="STR">{{ CODE }}</div>',
			'</template>',
			'<script setup lang="ts">',
			'// YES',
			'const CODE: string = `STR ${CODE}`; /* YES */',
			'</script>',
			'<style lang="scss">',
			'// YES',
			'a { b: "STR" } /* YES */',
			'</style>',
		].join('\n'));
	});

	it('PHP: //, #, /* */ comments, not #[ attributes; text outside <?php ?> is HTML', () => {
		check('php', [
			'<!-- YES --><p>CODE // CODE # CODE</p>',
			'<?php',
			'// YES',
			'# YES',
			'#[CODE]',
			'/* YES */ $CODE = \'STR // STR \\\' STR\'; // YES',
			'$b = "STR {$CODE["STR"]} STR ${CODE} # STR"; # YES',
			'?>',
			'<p>CODE # CODE</p>',
			'<?= $CODE // YES ?> CODE // CODE',
			'<?php $x = <<<EOT',
			'STR // STR',
			'EOT;',
			'$y = <<<\'NOW\'',
			'  STR # STR',
			'  NOW; // YES',
		].join('\n'));
	});

	it('PHP: a line comment ends at ?>', () => {
		assert.deepEqual(commentTexts('<?php echo 1; // note ?><b>x</b>', 'php'), ['// note ']);
	});

	it('PHP: a file without <?php is all HTML', () => {
		assert.deepEqual(lex('<p>hello # world</p>', 'php').comments, []);
	});
});
