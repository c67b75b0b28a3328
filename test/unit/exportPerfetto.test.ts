import { strict as assert } from 'node:assert';
import { toPerfettoJson, toPerfettoTrace, type TraceEvent } from '../../src/core/export';
import { ev, result, tinyRun } from '../../bench/webview/tinyRun';

describe('export: Perfetto / Chrome trace-event JSON', () => {
  it('writes one process per variant and one named track per lane', () => {
    const trace = JSON.parse(toPerfettoJson(tinyRun())) as {
      traceEvents: TraceEvent[];
      displayTimeUnit: string;
    };
    assert.equal(trace.displayTimeUnit, 'ns');
    const procs = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name');
    assert.deepEqual(
      procs.map((p) => (p.ph === 'M' ? [p.pid, p.args.name] : [])),
      [
        [1, 'v-a'],
        [2, 'v-b'],
      ],
    );
    const threads = trace.traceEvents.filter((e) => e.ph === 'M' && e.pid === 1 && e.name === 'thread_name');
    assert.deepEqual(
      threads.map((t) => (t.ph === 'M' ? t.args.name : '')),
      ['Host PTE', 'SPTE (EPT)', 'MMU notifier', 'NUMA scanner', 'vCPU 0', 'vCPU 1'],
    );
  });

  it('holds every event: spans as X in µs, instants as i, with gfn and cause chain', () => {
    const run = tinyRun();
    const t = toPerfettoTrace(run);
    const slices = t.traceEvents.filter((e) => e.ph === 'X' || e.ph === 'i');
    assert.equal(
      slices.length,
      run.results[0].timeline.events.length + run.results[1].timeline.events.length,
    );
    const span = t.traceEvents.find((e) => e.ph === 'X' && e.name === 'invalidate_span');
    assert.ok(span && span.ph === 'X');
    assert.deepEqual([span.ts, span.dur, span.tid, span.args.gfn], [0.11, 0.3, 3, '0x0-0x200']);
    assert.deepEqual(span.args.cause, ['mm/x.c:invalidate_span_fn']);
    const flush = t.traceEvents.find((e) => e.ph === 'i' && e.name === 'remote_tlb_flush');
    assert.ok(flush && flush.ph === 'i' && flush.s === 't' && flush.ts === 0.18);
  });

  it('keeps slices nested on a track: a straddling span becomes an instant with its duration', () => {
    const r = result('x', [
      ev(0, 'vcpu0', 'ept_violation', 100),
      ev(50, 'vcpu0', 'fault_retry', 100),
      ev(60, 'vcpu0', 'hint_fault', 10),
    ]);
    const t = toPerfettoTrace({ title: 't', scenario: 's', results: [r] });
    const onTrack = t.traceEvents.filter((e) => (e.ph === 'X' || e.ph === 'i') && e.tid === 100);
    assert.deepEqual(
      onTrack.map((e) => [e.ph, e.name]),
      [
        ['X', 'ept_violation'],
        ['i', 'fault_retry'],
        ['X', 'hint_fault'],
      ],
    );
    const straddle = onTrack[1];
    assert.ok(straddle.ph === 'i' && straddle.args.dur_ns === 100);
  });

  it('turns PTE and SPTE bands into counter tracks of pages per state', () => {
    const t = toPerfettoTrace(tinyRun());
    const pte = t.traceEvents.filter((e) => e.ph === 'C' && e.pid === 1 && e.name === 'PTE pages by state');
    assert.deepEqual(
      pte.map((e) => (e.ph === 'C' ? [e.ts, e.args] : [])),
      [
        [0, { present: 1024, prot_none: 0 }],
        [0.5, { present: 512, prot_none: 512 }],
        [1, { present: 0, prot_none: 0 }],
      ],
    );
  });
});
