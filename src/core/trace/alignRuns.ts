// Putting a simulated run on an imported trace's time axis. Real hardware, TCG and the simulator
// run at different speeds, so a shared clock would put the same kernel step at different times.
// "order" alignment matches the runs by the order and number of their mmu-notifier invalidations
// (kvm_unmap_hva_range in the trace, invalidate_range_start / invalidate spans in the simulation):
// the k-th of N real calls is paired with the simulated call at the same rank (k·(M−1)/(N−1) of M),
// and simulated time is mapped through those pairs by a monotone piecewise-linear warp, so the n-th
// invalidation of both runs sits at the same x. Without notifier calls on both sides it falls back
// to scaling the simulated duration onto the real one. "time" keeps each run's own clock from 0.
// Pure.
import type { SimulationResult, StateBand, TimelineEvent } from '../../protocol/simulation';

export type AlignMode = 'order' | 'time';

export interface Warp {
  /** Anchor pairs, increasing in both: simulated ns → real ns. */
  sim: number[];
  real: number[];
}

export interface Alignment {
  mode: AlignMode | 'scale';
  /** Notifier calls found in the real and the simulated run. */
  realCalls: number;
  simCalls: number;
  warp: Warp;
  /** One line for titles and the log: "aligned by notifier order: 35 real ↔ 40 simulated calls". */
  label: string;
}

/**
 * Start times of notifier calls, one per call (an aggregated event of count n stands for n calls at
 * its time): the trace's kvm_unmap_hva_range spans; the simulation's invalidate spans (it records a
 * range_start point and a span per call: the spans, so no call counts twice), or its range_start
 * points when it has no spans.
 */
export function notifierCallTimes(r: SimulationResult): number[] {
  const onLane = r.timeline.events.filter((e) => e.lane === 'notifier');
  const kind =
    r.imported || onLane.some((e) => e.kind === 'invalidate_span')
      ? 'invalidate_span'
      : 'invalidate_range_start';
  const out: number[] = [];
  for (const e of onLane)
    if (e.kind === kind) for (let i = 0; i < (e.count ?? 1) && out.length < 1_000_000; i++) out.push(e.t);
  return out.sort((a, b) => a - b);
}

export function applyWarp(w: Warp, t: number): number {
  const { sim, real } = w;
  const n = sim.length;
  if (n === 0) return t;
  if (n === 1) return t + (real[0] - sim[0]);
  let i = 0;
  if (t <= sim[0]) i = 0;
  else if (t >= sim[n - 1]) i = n - 2;
  else {
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (sim[mid] <= t) lo = mid;
      else hi = mid;
    }
    i = lo;
  }
  const ds = sim[i + 1] - sim[i];
  const slope = ds > 0 ? (real[i + 1] - real[i]) / ds : 1;
  return Math.round(real[i] + (t - sim[i]) * slope);
}

/** The inverse map (real ns → simulated ns), for re-simulating a window chosen on the real axis. */
export function invertWarp(w: Warp): Warp {
  return { sim: w.real, real: w.sim };
}

function pushAnchor(w: Warp, s: number, r: number): void {
  const n = w.sim.length;
  if (n && (s <= w.sim[n - 1] || r < w.real[n - 1])) return; // keep the warp strictly increasing in sim time
  w.sim.push(s);
  w.real.push(r);
}

export function alignmentOf(real: SimulationResult, sim: SimulationResult, mode: AlignMode): Alignment {
  const rc = notifierCallTimes(real);
  const sc = notifierCallTimes(sim);
  const w: Warp = { sim: [], real: [] };
  if (mode === 'time') {
    return { mode, realCalls: rc.length, simCalls: sc.length, warp: w, label: 'own clocks from 0' };
  }
  if (rc.length === 0 || sc.length === 0) {
    pushAnchor(w, 0, 0);
    pushAnchor(w, Math.max(1, sim.durationNs), Math.max(1, real.durationNs));
    return {
      mode: 'scale',
      realCalls: rc.length,
      simCalls: sc.length,
      warp: w,
      label: `scaled to the real duration (no notifier calls on ${rc.length === 0 ? 'the real' : 'the simulated'} side)`,
    };
  }
  pushAnchor(w, 0, 0);
  const n = rc.length;
  const m = sc.length;
  // Pair by rank: every real call when N ≤ M, else every simulated call (the shorter list sets the pairs).
  const pairs = Math.min(n, m);
  for (let k = 0; k < pairs; k++) {
    const ri = pairs === 1 ? 0 : Math.round((k * (n - 1)) / (pairs - 1));
    const si = pairs === 1 ? 0 : Math.round((k * (m - 1)) / (pairs - 1));
    pushAnchor(w, sc[si], rc[ri]);
  }
  // After the last call, simulated time runs at the pace it had between the first and the last pair.
  const last = w.sim.length - 1;
  const slope = last > 0 && w.sim[last] > 0 ? w.real[last] / w.sim[last] : 1;
  const simEnd = Math.max(sim.durationNs, w.sim[last] + 1);
  pushAnchor(w, simEnd, Math.round(w.real[last] + (simEnd - w.sim[last]) * slope));
  return {
    mode,
    realCalls: n,
    simCalls: m,
    warp: w,
    label: `aligned by notifier order: ${n} real ↔ ${m} simulated call${m === 1 ? '' : 's'}`,
  };
}

function warpBands<S extends string>(w: Warp, bands: readonly StateBand<S>[]): StateBand<S>[] {
  return bands.map((b) => ({ ...b, t0: applyWarp(w, b.t0), t1: applyWarp(w, b.t1) }));
}

/** The simulated result with every time mapped through the warp (a copy; the input is not changed). */
export function warpResult(sim: SimulationResult, w: Warp): SimulationResult {
  if (w.sim.length === 0) return sim;
  const events: TimelineEvent[] = sim.timeline.events.map((e) => {
    const t = applyWarp(w, e.t);
    if (e.dur === undefined) return { ...e, t };
    return { ...e, t, dur: Math.max(0, applyWarp(w, e.t + e.dur) - t) };
  });
  const t0 = applyWarp(w, sim.timeline.t0);
  const t1 = applyWarp(w, sim.timeline.t1);
  return {
    ...sim,
    durationNs: applyWarp(w, sim.durationNs),
    violations: sim.violations.map((v) => ({ ...v, t: applyWarp(w, v.t) })),
    timeline: {
      ...sim.timeline,
      t0,
      t1,
      events,
      pteBands: warpBands(w, sim.timeline.pteBands),
      spteBands: warpBands(w, sim.timeline.spteBands),
    },
  };
}

/** Simulated results placed on the real run's axis; the alignment of each, for the title and the log. */
export function alignToReal(
  real: SimulationResult,
  sims: readonly SimulationResult[],
  mode: AlignMode,
): { results: SimulationResult[]; alignments: Alignment[] } {
  const alignments = sims.map((s) => alignmentOf(real, s, mode));
  return { results: sims.map((s, i) => warpResult(s, alignments[i].warp)), alignments };
}
