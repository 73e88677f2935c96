'use strict';
// Mocha's dot reporter plus one plain closing line, "N passed, N failed, N skipped", which CI reads.
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Dot {
	constructor(runner, options) {
		super(runner, options);
		runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
			const s = runner.stats;
			process.stdout.write(`\nunit: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
		});
	}
}

module.exports = SummaryReporter;
