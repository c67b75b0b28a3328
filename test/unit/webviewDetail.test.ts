import { strict as assert } from 'node:assert';
import type { TimelineRun } from '../../src/protocol/messages';
import {
  detailedRun,
  detailWindowFor,
  formatDetailWindow,
  isAggregatedRun,
} from '../../src/webview/model/detail';
import { buildRunModel } from '../../src/webview/model/runModel';
import { ev, result, tinyRun } from '../../bench/webview/tinyRun';

/** tinyRun with its timelines marked aggregated, as the core gives for a whole run. */
function aggregatedRun(): TimelineRun {
  const run = tinyRun();
  for (const r of run.results) r.timeline.aggregated = true;
  return run;
}

/** The answer the host gives for window [t0, t1): per variant a non-aggregated timeline of just that window. */
function detailResults(t0: number, t1: number, variants: string[]): ReturnType<typeof result>[] {
  return variants.map((v) => {
    const r = result(v, [ev(t0 + 10, 'spte', 'spte_zap', 5), ev(t0 + 20, 'spte', 'remote_tlb_flush')], t1);
    r.timeline.t0 = t0;
    r.timeline.pteBands = [{ t0, t1, gfnStart: 0, gfnEnd: 1024, state: 'present' }];
    r.timeline.spteBands = [{ t0, t1, gfnStart: 0, gfnEnd: 1024, state: '4k' }];
    return r;
  });
}

describe('webview: detail of a window', () => {
  it('offers detail only for aggregated runs', () => {
    assert.equal(isAggregatedRun(undefined), false);
    assert.equal(isAggregatedRun(tinyRun()), false);
    assert.equal(isAggregatedRun(aggregatedRun()), true);
    const one = tinyRun();
    one.results[1].timeline.aggregated = true;
    assert.equal(isAggregatedRun(one), true);
  });

  it('asks for the visible window on whole nanoseconds, never empty or negative', () => {
    assert.deepEqual(detailWindowFor({ start: 12e9 + 0.4, end: 12.5e9 + 0.2 }), { t0: 12e9, t1: 12.5e9 + 1 });
    assert.deepEqual(detailWindowFor({ start: -5, end: 100 }), { t0: 0, t1: 100 });
    assert.deepEqual(detailWindowFor({ start: 7, end: 7 }), { t0: 7, t1: 8 });
  });

  it('labels the window with as many decimals as its length needs', () => {
    assert.equal(formatDetailWindow({ t0: 12e9, t1: 12.5e9 }), 'detailed 12.0–12.5 s');
    assert.equal(formatDetailWindow({ t0: 5e9, t1: 5.05e9 }), 'detailed 5.00–5.05 s');
    assert.equal(formatDetailWindow({ t0: 12e9, t1: 14e9 }), 'detailed 12.0–14.0 s');
    assert.equal(formatDetailWindow({ t0: 100e9, t1: 250e9 }), 'detailed 100–250 s');
    assert.equal(formatDetailWindow({ t0: 0, t1: 200e6 }), 'detailed 0–200 ms');
    assert.equal(formatDetailWindow({ t0: 1_000_250, t1: 1_000_750 }), 'detailed 1.0003–1.0008 ms');
  });

  it('replaces each variant by its detailed result, in the run order, matched by variant', () => {
    const base = aggregatedRun();
    const answer = detailResults(400, 600, ['v-b', 'v-a']); // the host may answer in any order
    const run = detailedRun(base, answer);
    assert.equal(run.title, base.title);
    assert.equal(run.scenario, base.scenario);
    assert.deepEqual(
      run.results.map((r) => r.variant),
      ['v-a', 'v-b'],
    );
    assert.equal(run.results[0], answer[1]);
    assert.equal(isAggregatedRun(run), false);
    assert.equal(isAggregatedRun(base), true, 'the base run is left as it was');
    assert.throws(() => detailedRun(base, answer.slice(0, 1)), /no result for variant v-a/);
  });

  it('models the detailed run on the window alone, with the window in each variant title', () => {
    const base = aggregatedRun();
    const over = buildRunModel(base);
    assert.equal(over.t0, 0);
    assert.equal(over.t1, 1000);
    assert.match(over.groups[0].title, /^v-a · aggregated$/);
    assert.equal(over.detail, undefined);

    const w = { t0: 400, t1: 600 };
    const m = buildRunModel(detailedRun(base, detailResults(w.t0, w.t1, ['v-a', 'v-b'])), w);
    assert.equal(m.t0, 400);
    assert.equal(m.t1, 600);
    assert.deepEqual(m.detail, w);
    assert.deepEqual(
      m.groups.map((g) => g.title),
      ['v-a · detailed 400–600 ns', 'v-b · detailed 400–600 ns'],
    );
    assert.equal(m.totals.events, 4);
    assert.equal(m.totals.bands, 4);
  });
});
