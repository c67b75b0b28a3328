// A mocha reporter: the usual "spec" output, plus a JSON summary (TierResult) written when
// the run ends, so that scripts/test.sh counts tests without parsing mocha's text.
//   CLI:   mocha --reporter dist/test/integration/shared/summaryReporter.js --reporter-option output=F
//   API:   new Mocha({ reporter: SummaryReporter, reporterOptions: { output: F } })
// Without an output option it writes to $MMU_LENS_TEST_RESULTS (when set).
import Mocha from 'mocha';
import { errorText, tierResult, writeJson, type TestRecord } from './results';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const opts = (options?.reporterOptions ?? {}) as { output?: string; tier?: string };
    const output = opts.output ?? process.env.MMU_LENS_TEST_RESULTS;
    const tier = opts.tier ?? 'mocha';
    const started = Date.now();
    const tests: TestRecord[] = [];
    runner.on(EVENT_TEST_PASS, (t: Mocha.Test) => {
      tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 });
    });
    // Also fires for failed hooks (before/after…): those count as one failed test each.
    runner.on(EVENT_TEST_FAIL, (t: Mocha.Runnable, err: unknown) => {
      tests.push({ title: t.fullTitle(), state: 'failed', ms: t.duration ?? 0, error: errorText(err) });
    });
    runner.once(EVENT_RUN_END, () => {
      if (output) writeJson(output, tierResult(tier, tests, (Date.now() - started) / 1000));
    });
  }
}

export = SummaryReporter;
