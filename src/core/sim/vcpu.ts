// A vCPU thread: its node, its guest region, its access streams and its activity (running guest code
// vs halted). Access streams are sequential sweeps at a fixed rate, so "which pages did this vCPU touch
// in [t0, t1)" is one or two exact ranges (docs/simulation.md, "access model").
import { derive } from './prng';
import type { Scenario } from '../scenario/types';
import { alignDown, PMD_PAGES } from './facts';

export interface Stream {
  a: number;
  b: number;
  /** ns between two newly touched pages while the vCPU runs. */
  intervalNs: number;
  cyclic: boolean;
  /** Under workload.fault_pace: touches made so far (faultPace.ts); unset otherwise. */
  done?: number;
}

export interface Vcpu {
  index: number;
  node: number;
  regionStart: number;
  regionEnd: number;
  boot: Stream | null;
  run: Stream[];
  actStart: number[];
  actEnd: number[];
  actCum: number[];
  /** Guest time lost to its own faults under workload.fault_pace, ns (0 otherwise). */
  lagNs: number;
  /**
   * Its thread shares its CPU with the VMM thread that runs the operations, which preempts it (a
   * vcpu_loops entry with off_during_ops_ms > 0): out of guest mode during an operation, it gets the CPU
   * back whenever that thread yields it (reschedSlice.ts).
   */
  sharesOpCpu?: boolean;
  /** Its accesses are writes (a workload.vcpu_loops sweep): a write to a KSM page breaks COW (wpPageCopy.ts). */
  writes?: boolean;
}

function intervalFor(ratePagesPerS: number): number {
  return ratePagesPerS > 0 ? Math.max(1, Math.round(1e9 / ratePagesPerS)) : 0;
}

function stream(a: number, b: number, rate: number, cyclic: boolean): Stream | null {
  const iv = intervalFor(rate);
  return b > a && iv > 0 ? { a, b, intervalNs: iv, cyclic } : null;
}

export function makeVcpus(sc: Scenario, pages: number, durationNs: number, bootNs: number): Vcpu[] {
  const n = sc.guest.vcpus;
  const out: Vcpu[] = [];
  const w = sc.workload;
  for (let i = 0; i < n; i++) {
    const rs = alignDown(Math.floor((pages * i) / n), PMD_PAGES);
    const re = i === n - 1 ? pages : alignDown(Math.floor((pages * (i + 1)) / n), PMD_PAGES);
    const len = re - rs;
    const wsLen = Math.floor(len * w.working_set_fraction);
    const hotLen = Math.floor(wsLen * w.hot_fraction);
    const run: Stream[] = [];
    const hot = stream(rs, rs + hotLen, w.access_rate * w.hot_share, true);
    const cold = stream(rs + hotLen, rs + wsLen, w.access_rate * (1 - w.hot_share), true);
    if (hot) run.push(hot);
    if (cold) run.push(cold);
    const boot = stream(rs, rs + Math.floor(len * w.boot_touch_fraction), w.boot_touch_rate, false);
    const v: Vcpu = {
      index: i,
      node: sc.host.vcpu_nodes[i % sc.host.vcpu_nodes.length] ?? 0,
      regionStart: rs,
      regionEnd: re,
      boot,
      run,
      actStart: [],
      actEnd: [],
      actCum: [],
      lagNs: 0,
    };
    const rng = derive(sc.seed, 1000 + i);
    let t = 0;
    let cum = 0;
    while (t < durationNs) {
      const idleMean = (t < bootNs ? w.boot_idle_ms : w.idle_ms) * 1e6;
      t += idleMean > 0 ? rng.expNs(idleMean) : 0;
      const len2 = w.active_ms > 0 ? rng.expNs(w.active_ms * 1e6) : durationNs;
      v.actStart.push(t);
      v.actEnd.push(t + len2);
      v.actCum.push(cum);
      cum += len2;
      t += len2;
    }
    out.push(v);
  }
  return out;
}

function lastIntervalAtOrBefore(v: Vcpu, t: number): number {
  let lo = 0;
  let hi = v.actStart.length - 1;
  if (hi < 0 || v.actStart[0] > t) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (v.actStart[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Guest-mode (running) time of this vCPU in [0, t), ns. */
export function activeTime(v: Vcpu, t: number): number {
  const i = lastIntervalAtOrBefore(v, t);
  if (i < 0) return 0;
  return v.actCum[i] + Math.min(t, v.actEnd[i]) - v.actStart[i];
}

/** If the vCPU runs guest code at t: the end of that active interval; else -1. */
export function activeUntil(v: Vcpu, t: number): number {
  const i = lastIntervalAtOrBefore(v, t);
  return i >= 0 && t < v.actEnd[i] ? v.actEnd[i] : -1;
}

/** Pages a stream has touched after `activeNs` of guest-mode time since its phase began. */
export function touches(s: Stream, activeNs: number): number {
  return Math.floor(activeNs / s.intervalNs);
}

/** Page addresses of stream touches [k0, k1), as at most two ranges (a cyclic sweep wraps). */
export function touchedRanges(s: Stream, k0: number, k1: number): [number, number][] {
  const len = s.b - s.a;
  if (k1 <= k0) return [];
  if (!s.cyclic) {
    const a = Math.min(k0, len);
    const b = Math.min(k1, len);
    return b > a ? [[s.a + a, s.a + b]] : [];
  }
  if (k1 - k0 >= len) return [[s.a, s.b]];
  const p0 = k0 % len;
  const p1 = k1 % len;
  if (p0 < p1) return [[s.a + p0, s.a + p1]];
  const out: [number, number][] = [[s.a + p0, s.b]];
  if (p1 > 0) out.push([s.a, s.a + p1]);
  return out;
}

/** The earliest time at which this vCPU has run `activeNs` of guest-mode time (the inverse of activeTime()). */
export function timeAtActive(v: Vcpu, activeNs: number): number {
  let lo = 0;
  let hi = v.actStart.length - 1;
  if (hi < 0) return Infinity;
  // The first activity interval whose end reaches activeNs.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v.actCum[mid] + v.actEnd[mid] - v.actStart[mid] >= activeNs) hi = mid;
    else lo = mid + 1;
  }
  const len = v.actEnd[lo] - v.actStart[lo];
  if (v.actCum[lo] + len < activeNs) return v.actEnd[lo];
  return v.actStart[lo] + Math.max(0, activeNs - v.actCum[lo]);
}

/** When the stream makes touch number k (0-based): once floor(activeNs / intervalNs) reaches k + 1. */
export function touchTime(v: Vcpu, s: Stream, k: number): number {
  return timeAtActive(v, (k + 1) * s.intervalNs);
}

/**
 * touchedRanges() as linear pieces: page p in [a, b) is first touched (within touches [k0, k1)) by touch
 * number k + p - a. A cyclic sweep that wraps, or covers its whole range, gives two pieces.
 */
export function touchedPieces(s: Stream, k0: number, k1: number): { a: number; b: number; k: number }[] {
  const len = s.b - s.a;
  if (k1 <= k0) return [];
  if (!s.cyclic) {
    const a = Math.min(k0, len);
    const b = Math.min(k1, len);
    return b > a ? [{ a: s.a + a, b: s.a + b, k: k0 }] : [];
  }
  const p0 = k0 % len;
  const p1 = k1 - k0 >= len ? p0 : k1 % len;
  if (p0 < p1) return [{ a: s.a + p0, b: s.a + p1, k: k0 }];
  const out = [{ a: s.a + p0, b: s.b, k: k0 }];
  if (p1 > 0) out.push({ a: s.a, b: s.a + p1, k: k0 + len - p0 });
  return out;
}
