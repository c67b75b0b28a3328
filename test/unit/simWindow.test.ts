// The core's windowed re-simulation, which "Detail this window" in the timeline relies on:
// simulate(scenario, variant, { window }) re-runs the whole scenario and records [t0, t1) in
// full detail (issue #4).
import { strict as assert } from 'node:assert';
import { loadPreset, simulate } from '../../src/core/sim';
import type { EventKind, SimulationResult } from '../../src/protocol/simulation';

const VARIANTS = ['v6.1', 'rfc-v2'];

/** Sum of `count` per kind over the events that start in [t0, t1). */
function countsIn(r: SimulationResult, t0: number, t1: number): Map<EventKind, number> {
  const out = new Map<EventKind, number>();
  for (const e of r.timeline.events)
    if (e.t >= t0 && e.t < t1) out.set(e.kind, (out.get(e.kind) ?? 0) + (e.count ?? 1));
  return out;
}

describe('sim: a window re-simulated in full detail (vfio-boot)', () => {
  const sc = loadPreset('vfio-boot');
  const whole = new Map(VARIANTS.map((v) => [v, simulate(sc, v)]));
  // 0.5 s of vfio-boot's 30 s (on 50 ms aggregation slots), around v6.1's first NUMA zap after 10 s
  const zapT = whole.get('v6.1')!.timeline.events.find((e) => e.kind === 'spte_zap' && e.t > 10e9)?.t ?? 12e9;
  const W = { t0: Math.floor(zapT / 1e8) * 1e8 - 1e8, t1: Math.floor(zapT / 1e8) * 1e8 + 4e8 };
  const detail = new Map(VARIANTS.map((v) => [v, simulate(sc, v, { window: W })]));

  it('the whole run is aggregated, so the timeline offers "Detail this window"', () => {
    for (const r of whole.values()) assert.equal(r.timeline.aggregated, true, r.variant);
  });

  it('gives a non-aggregated timeline on the window’s own axis', () => {
    for (const r of detail.values()) {
      const tl = r.timeline;
      assert.equal(tl.aggregated, false, r.variant);
      assert.equal(tl.t0, W.t0);
      assert.equal(tl.t1, W.t1);
      assert.equal(tl.guestPages, whole.get(r.variant)!.timeline.guestPages);
      assert.equal(tl.vcpus, whole.get(r.variant)!.timeline.vcpus);
      // v6.1's NUMA scanner zaps in this window; rfc-v2's scans fall elsewhere.
      if (r.variant === 'v6.1') assert.ok(tl.events.length > 0, `v6.1: events in ${W.t0}–${W.t1}`);
    }
  });

  it('records only events overlapping [t0, t1), in time order, and only bands inside it', () => {
    for (const r of detail.values()) {
      const tl = r.timeline;
      for (const e of tl.events) {
        assert.ok(e.t < W.t1 && e.t + (e.dur ?? 0) >= W.t0, `${r.variant} ${e.kind} at ${e.t}`);
      }
      for (let i = 1; i < tl.events.length; i++) assert.ok(tl.events[i - 1].t <= tl.events[i].t);
      for (const b of [...tl.pteBands, ...tl.spteBands]) {
        assert.ok(b.t0 >= W.t0 && b.t1 <= W.t1 && b.t0 <= b.t1, `${r.variant} band ${b.t0}–${b.t1}`);
      }
    }
  });

  it('counts the same kernel events in the window as the aggregated run does', () => {
    for (const v of VARIANTS) {
      const agg = countsIn(whole.get(v)!, W.t0, W.t1);
      const det = countsIn(detail.get(v)!, W.t0, W.t1);
      for (const kind of ['spte_zap', 'remote_tlb_flush', 'invalidate_span'] as const)
        assert.equal(det.get(kind) ?? 0, agg.get(kind) ?? 0, `${v} ${kind}`);
      if (v === 'v6.1') assert.ok((det.get('spte_zap') ?? 0) > 0, 'v6.1: a zap in the window');
    }
  });

  // Guest faults are stamped when their pages were touched, not at the start of their guest-progress
  // interval (as the aggregated run does), so the window's share differs; a partition of the run into
  // windows still counts every fault exactly once.
  it('windows that partition the run count every guest fault once, at the time it was touched', () => {
    for (const v of VARIANTS) {
      const w = whole.get(v)!;
      const end = w.durationNs;
      const total = countsIn(w, 0, end + 1).get('ept_violation') ?? 0;
      assert.ok(total > 0, `${v}: guest faults in the run`);
      let sum = 0;
      for (const [t0, t1] of [
        [0, W.t0],
        [W.t0, W.t1],
        [W.t1, end],
      ]) {
        const r = t0 === W.t0 ? detail.get(v)! : simulate(sc, v, { window: { t0, t1 } });
        const n = countsIn(r, t0, t1).get('ept_violation') ?? 0;
        sum += n;
        for (const e of r.timeline.events) assert.ok(e.t >= t0 && e.t < t1, `${v} ${e.kind} at ${e.t}`);
      }
      assert.equal(sum, total, `${v}: ept_violation over [0, ${W.t0}) + window + [${W.t1}, end)`);
    }
    // Spread over the window, not lumped at one instant per interval and vCPU.
    const faultTimes = (r: SimulationResult): Map<string, Set<number>> => {
      const out = new Map<string, Set<number>>();
      for (const e of r.timeline.events)
        if (e.kind === 'ept_violation') out.set(e.lane, (out.get(e.lane) ?? new Set()).add(e.t));
      return out;
    };
    const inW = faultTimes(detail.get('v6.1')!);
    assert.ok(Math.max(...[...inW.values()].map((t) => t.size)) >= 5, 'v6.1: a vCPU faults at >= 5 times');
    const boot = faultTimes(simulate(sc, 'v6.1', { window: { t0: 1e9, t1: 1.5e9 } }));
    assert.ok(boot.size > 0, 'v6.1: vCPUs fault during boot');
    const spread = [...boot.values()].reduce((n, t) => n + t.size, 0);
    assert.ok(spread >= 10 * boot.size, `v6.1 boot: ${boot.size} vCPUs fault at ${spread} times`);
  });

  it('re-simulates the same run: whole-run counters, costs and violations are unchanged', () => {
    for (const v of VARIANTS) {
      const a = whole.get(v)!;
      const b = detail.get(v)!;
      assert.deepEqual(b.counters, a.counters);
      assert.deepEqual(b.cost_ns, a.cost_ns);
      assert.deepEqual(b.violations, a.violations);
      assert.equal(b.durationNs, a.durationNs);
    }
  });

  it('PTE/SPTE bands start at the window’s t0 (the state when the engine passes t0)', () => {
    for (const r of detail.values()) {
      const first = Math.min(...r.timeline.pteBands.map((b) => b.t0));
      assert.equal(first, W.t0, `${r.variant}: first PTE band starts at ${first}`);
    }
  });

  it('a window with no kernel event shows the state of that time, not of the end of the run', () => {
    const quiet = { t0: 5e9, t1: 5.1e9 };
    const atEnd = simulate(sc, 'v6.1', { window: { t0: 29.9e9, t1: 30e9 } }).timeline.pteBands;
    const bands = simulate(sc, 'v6.1', { window: quiet }).timeline.pteBands;
    const pages = (bs: typeof bands, state: string): number =>
      bs.filter((b) => b.state === state).reduce((s, b) => s + b.gfnEnd - b.gfnStart, 0);
    assert.notEqual(pages(bands, 'prot_none'), pages(atEnd, 'prot_none'));
    assert.equal(Math.min(...bands.map((b) => b.t0)), quiet.t0);
  });

  it('PTE and SPTE bands cover the whole window [t0, t1) for every gfn, without gaps or overlaps', () => {
    for (const r of detail.values()) {
      for (const [name, bands] of [
        ['pte', r.timeline.pteBands],
        ['spte', r.timeline.spteBands],
      ] as const)
        assertTiles(bands, W, r.timeline.guestPages, `${r.variant} ${name}`);
    }
  });

  it('ends a window with the state at its t1: 5.0–5.1 s differs from 29.9–30 s', () => {
    const windows = [
      { t0: 5e9, t1: 5.1e9 },
      { t0: 29.9e9, t1: 30e9 },
    ];
    const ends = windows.map((w) => {
      const tl = simulate(sc, 'v6.1', { window: w }).timeline;
      assertTiles(tl.pteBands, w, tl.guestPages, `v6.1 pte ${w.t0}–${w.t1}`);
      const last = tl.pteBands.filter((b) => b.t1 === w.t1);
      return new Map(
        ['none', 'present', 'prot_none'].map((st) => [
          st,
          last.filter((b) => b.state === st).reduce((n, b) => n + b.gfnEnd - b.gfnStart, 0),
        ]),
      );
    });
    assert.notDeepEqual(ends[0], ends[1]);
    assert.notEqual(ends[0].get('prot_none'), ends[1].get('prot_none'));
  });
});

/** The bands tile [w.t0, w.t1) x [0, pages): for every gfn, back-to-back bands from t0 to t1. */
function assertTiles(
  bands: { t0: number; t1: number; gfnStart: number; gfnEnd: number }[],
  w: { t0: number; t1: number },
  pages: number,
  what: string,
): void {
  assert.ok(bands.length > 0, `${what}: bands`);
  const cuts = [...new Set([0, pages, ...bands.flatMap((b) => [b.gfnStart, b.gfnEnd])])].sort(
    (a, b) => a - b,
  );
  for (let i = 0; i + 1 < cuts.length; i++) {
    const g = cuts[i];
    const over = bands.filter((b) => b.gfnStart <= g && g < b.gfnEnd).sort((a, b) => a.t0 - b.t0);
    let t = w.t0;
    for (const b of over) {
      assert.equal(b.t0, t, `${what}: gfn ${g} band at ${b.t0}, expected ${t}`);
      assert.ok(b.t1 > b.t0, `${what}: gfn ${g} empty band at ${b.t0}`);
      t = b.t1;
    }
    assert.equal(t, w.t1, `${what}: gfn ${g} covered up to ${t}`);
  }
}
