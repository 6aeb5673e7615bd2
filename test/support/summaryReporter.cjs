'use strict';
// Mocha's spec reporter, plus one closing line in the plain "N passed, N failed" form that
// CI and humans both read at a glance (mocha's own "N passing" line is not that form).
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      const suite = process.env.BATON_SUITE_NAME ? `${process.env.BATON_SUITE_NAME}: ` : '';
      process.stdout.write(`${suite}${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
    });
  }
}
module.exports = SummaryReporter;
