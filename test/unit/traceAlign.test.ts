// An imported trace beside simulations: alignment by notifier order (hand-computed warps), and the
// Perfetto export keeping the real and the simulated runs on separate tracks.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { alignmentOf, alignToReal, applyWarp, invertWarp } from '../../src/core/trace/alignRuns';
import { readTraceFiles } from '../../src/core/trace/readTraceFiles';
import { toPerfettoTrace } from '../../src/core/export';
import {
  emptyCostNs,
  emptyCounters,
  type SimulationResult,
  type TimelineEvent,
} from '../../src/protocol/simulation';

function run(variant: string, calls: number[], durationNs: number, imported = false): SimulationResult {
  const events: TimelineEvent[] = calls.map((t) => ({
    t,
    dur: 5,
    lane: 'notifier',
    kind: 'invalidate_span',
    gfnStart: 0,
    gfnEnd: 512,
    cause: [],
  }));
  events.push({ t: 15, lane: 'vcpu0', kind: 'ept_violation', gfnStart: 1, gfnEnd: 2, cause: [] });
  const r: SimulationResult = {
    variant,
    scenario: 's',
    seed: 0,
    durationNs,
    counters: emptyCounters(),
    by_cause: {},
    cost_ns: emptyCostNs(),
    violations: [],
    timeline: {
      t0: 0,
      t1: durationNs,
      guestPages: 512,
      vcpus: 1,
      aggregated: false,
      events,
      pteBands: [],
      spteBands: [],
    },
  };
  if (imported)
    r.imported = {
      files: [],
      eventCounts: {},
      unknownEvents: {},
      problems: [],
      problemCount: 0,
      measured: {},
      kernelCounters: {},
      gfnBase: 0,
      outsideRegion: 0,
      keptEvents: events.length,
      bootNsAtZero: 0,
      warnings: [],
    };
  return r;
}

describe('trace import: alignment with a simulation', () => {
  it('same number of calls: the k-th simulated call lands on the k-th real one; time between is linear', () => {
    const real = run('real', [100, 200, 300], 400, true);
    const sim = run('v6.1', [10, 20, 30], 40);
    const a = alignmentOf(real, sim, 'order');
    assert.deepEqual(a.warp, { sim: [0, 10, 20, 30, 40], real: [0, 100, 200, 300, 400] });
    assert.equal(applyWarp(a.warp, 15), 150);
    assert.equal(applyWarp(invertWarp(a.warp), 150), 15);
    const { results } = alignToReal(real, [sim], 'order');
    assert.deepEqual(
      results[0].timeline.events.map((e) => [e.kind, e.t, e.dur]),
      [
        ['invalidate_span', 100, 50],
        ['invalidate_span', 200, 50],
        ['invalidate_span', 300, 50],
        ['ept_violation', 150, undefined],
      ],
    );
    assert.equal(results[0].durationNs, 400);
    assert.equal(sim.timeline.events[0].t, 10, 'the input is not changed');
    assert.match(a.label, /3 real ↔ 3 simulated calls/);
  });

  it('different counts pair by rank; no calls on one side scales the duration; "time" keeps the clocks', () => {
    const a = alignmentOf(run('real', [100, 300], 400, true), run('v6.1', [10, 20, 30], 40), 'order');
    assert.deepEqual(a.warp.sim.slice(0, 3), [0, 10, 30]);
    assert.deepEqual(a.warp.real.slice(0, 3), [0, 100, 300]);
    const s = alignmentOf(run('real', [], 1000, true), run('v6.1', [10], 100), 'order');
    assert.equal(s.mode, 'scale');
    assert.equal(applyWarp(s.warp, 50), 500);
    const t = alignmentOf(run('real', [100], 400, true), run('v6.1', [10], 40), 'time');
    assert.equal(t.warp.sim.length, 0);
  });

  it('Perfetto export of real + simulated: separate processes, the raw trace line kept', async () => {
    const real = await readTraceFiles([join(__dirname, '..', 'fixtures', 'traces', 'handmade.trace.txt')]);
    const sim = run('v6.1', [10, 20, 30], 40);
    const trace = toPerfettoTrace({
      title: 't',
      scenario: 's',
      results: [real, ...alignToReal(real, [sim], 'order').results],
    });
    const procs = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name');
    assert.deepEqual(
      procs.map((p) => (p.ph === 'M' ? [p.pid, p.args.name] : [])),
      [
        [1, 'real handmade (imported trace)'],
        [2, 'v6.1'],
      ],
    );
    const realSlices = trace.traceEvents.filter((e) => (e.ph === 'X' || e.ph === 'i') && e.pid === 1);
    assert.equal(realSlices.length, real.timeline.events.length);
    const span = realSlices.find((e) => e.name === 'invalidate_span');
    assert.ok(span && (span.ph === 'X' || span.ph === 'i'));
    assert.match(span.args.detail ?? '', /kvm_unmap_hva_range: mmu notifier unmap range/);
    assert.ok(trace.traceEvents.some((e) => (e.ph === 'X' || e.ph === 'i') && e.pid === 2));
  });
});
