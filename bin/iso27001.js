#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled by esbuild into dist/cli.js.
require('../dist/cli.js').main(process.argv.slice(2)).then(
	(code) => { process.exitCode = code; },
	(err) => { process.stderr.write(`iso27001: internal error: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 2; },
);
