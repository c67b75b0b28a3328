// arch/x86/kvm/mmu/mmu.c: kvm_tdp_page_fault() / is_page_fault_stale() — a running vCPU during a zap.
// When does a vCPU that keeps running guest code while tdp_mmu_zap_leafs() walks [zs, ze) first ask
// for mmu_lock? At its first touch of a page whose SPTE is absent at that moment: absent before the zap,
// or already cleared by the walker (the walker clears in gfn order; page g is gone at Z(g)). Touches
// follow the vCPU's dominant access stream (vcpu.ts), exactly, segment by segment.
import type { Sim } from './context';
import * as F from './facts';
import { activeTime, activeUntil, touches, type Stream, type Vcpu } from './vcpu';
import { streamPosition } from './faultPace';

export interface FirstRequest {
  t: number;
  gfn: number;
  /** The gfn is inside the range being invalidated: the fault is stale and retries. */
  stale: boolean;
  /** The vCPU's ns per newly touched page. */
  intervalNs: number;
  /** A fresh fault: how many consecutive absent pages its stream touches from there (each one a fault). */
  absentAhead: number;
}

/** Laps of a cyclic sweep looked at for one zap (a hot set of >= horizon / 64 pages is followed exactly). */
const MAX_LAPS = 64;

/** Does the zap skip this present leaf (RFC v1's guess in tdp_mmu_zap_leafs())? */
export type SkipLeaf = (facts: number) => boolean;

/** Walker time over [zs, g): per 4K leaf, per 2M leaf (at its first page), per empty 2M region. */
export function walkerCost(sim: Sim, f: number, s: number, e: number): number {
  const c = sim.cost;
  const sp = F.spte(f);
  if (sp === F.SPTE_4K) return c.spte_zap_4k_ns * (e - s);
  if (sp === F.SPTE_2M) return c.spte_zap_2m_ns * F.chunkStarts(s, e);
  return c.spte_walk_empty_2m_ns * F.chunkStarts(s, e);
}

/** The streams that may fault first: the boot sweep (during boot) and the fastest working-set sweep. */
function candidateStreams(sim: Sim, v: Vcpu, t: number): { s: Stream; k: number }[] {
  const at = activeTime(v, t);
  const out: { s: Stream; k: number }[] = [];
  if (t < sim.bootNs && v.boot) out.push({ s: v.boot, k: touches(v.boot, at) });
  let best: Stream | null = null;
  for (const s of v.run) if (!best || s.intervalNs < best.intervalNs) best = s;
  if (best) out.push({ s: best, k: streamPosition(sim, v, best, at) });
  return out;
}

/** Stream positions k0 .. k0+n-1 as address ranges in touch order, each with the touch index of its first page. */
function orderedRanges(s: Stream, k0: number, n: number): { a: number; b: number; j: number }[] {
  const len = s.b - s.a;
  if (!s.cyclic) {
    const a = Math.min(k0, len);
    const b = Math.min(k0 + n, len);
    return b > a ? [{ a: s.a + a, b: s.a + b, j: 1 }] : [];
  }
  const m = Math.min(n, len);
  const p0 = k0 % len;
  const first = Math.min(len, p0 + m);
  const out = [{ a: s.a + p0, b: s.a + first, j: 1 }];
  if (p0 + m > len) out.push({ a: s.a, b: s.a + (p0 + m - len), j: 1 + (len - p0) });
  return out;
}

export function vcpuFirstRequest(
  sim: Sim,
  v: Vcpu,
  zs: number,
  ze: number,
  tz: number,
  horizonNs: number,
  skip: SkipLeaf,
): FirstRequest | null {
  const until = activeUntil(v, tz);
  if (until < 0) return null;
  let best: FirstRequest | null = null;
  for (const ds of candidateStreams(sim, v, tz)) {
    const r = streamFirstRequest(sim, ds, until, zs, ze, tz, horizonNs, skip);
    if (r && (!best || r.t < best.t)) best = r;
  }
  return best;
}

function streamFirstRequest(
  sim: Sim,
  ds: { s: Stream; k: number },
  until: number,
  zs: number,
  ze: number,
  tz: number,
  horizonNs: number,
  skip: SkipLeaf,
): FirstRequest | null {
  const I = ds.s.intervalNs;
  const n = Math.floor(Math.min(until - tz, horizonNs) / I);
  if (n < 1) return null;
  const c = sim.cost;
  let found: FirstRequest | null = null;
  // A cyclic sweep comes back to the same pages every lap: a page the walker clears after the vCPU's
  // first pass over it is faulted on in a later lap (a small hot set inside the range keeps faulting).
  const len = ds.s.b - ds.s.a;
  const laps = ds.s.cyclic ? Math.min(MAX_LAPS, Math.ceil(n / len)) : 1;
  const ranges: { a: number; b: number; j: number }[] = [];
  for (let L = 0; L < laps; L++)
    for (const r of orderedRanges(ds.s, ds.k + L * len, n - L * len)) ranges.push({ ...r, j: r.j + L * len });
  for (const r of ranges) {
    const pieces: [number, number, boolean][] = [
      [r.a, Math.min(r.b, zs), false],
      [Math.max(r.a, zs), Math.min(r.b, ze), true],
      [Math.max(r.a, ze), r.b, false],
    ];
    for (const [pa, pb, inRange] of pieces) {
      if (found || pb <= pa) continue;
      let pre = 0;
      if (inRange) sim.store.forEach(zs, pa, (s, e, f) => (pre += walkerCost(sim, f, s, e)));
      sim.store.forEach(pa, pb, (s, e, f) => {
        if (found) return;
        const js = r.j + (s - r.a);
        const sp = F.spte(f);
        if (sp === F.SPTE_ABSENT) {
          found = { t: tz + js * I, gfn: s, stale: inRange, intervalNs: I, absentAhead: 1 };
        } else if (inRange && skip(f)) {
          // present and kept: no fault
        } else if (inRange && sp === F.SPTE_4K) {
          const R = pre + c.spte_zap_4k_ns - js * I;
          let i = -1;
          if (R <= 0) i = 0;
          else if (I > c.spte_zap_4k_ns) i = Math.ceil(R / (I - c.spte_zap_4k_ns));
          if (i >= 0 && i < e - s)
            found = { t: tz + (js + i) * I, gfn: s + i, stale: true, intervalNs: I, absentAhead: 1 };
        } else if (inRange && sp === F.SPTE_2M) {
          let p = pre;
          for (let b0 = s; b0 < e && !found;) {
            const ce = Math.min(e, F.alignDown(b0, F.PMD_PAGES) + F.PMD_PAGES);
            if (b0 % F.PMD_PAGES === 0) p += c.spte_zap_2m_ns;
            const jb = js + (b0 - s);
            const i = Math.max(0, Math.ceil(p / I) - jb);
            if (i < ce - b0)
              found = { t: tz + (jb + i) * I, gfn: b0 + i, stale: true, intervalNs: I, absentAhead: 1 };
            b0 = ce;
          }
        }
        if (inRange) pre += walkerCost(sim, f, s, e);
      });
    }
    if (found) break;
  }
  const fr = found as FirstRequest | null;
  if (fr && !fr.stale)
    fr.absentAhead = absentAhead(sim, ds.s, fr.gfn, Math.max(1, n - Math.round((fr.t - tz) / I)));
  return fr;
}

/** Consecutive pages with no SPTE along the stream from g (at most max), in touch order. */
function absentAhead(sim: Sim, s: Stream, g: number, max: number): number {
  let n = 0;
  let stop = false;
  const walk = (a: number, b: number): void =>
    sim.store.forEach(a, b, (ss, e, f) => {
      if (stop) return;
      if (F.spte(f) !== F.SPTE_ABSENT) stop = true;
      else n += e - ss;
    });
  walk(g, Math.min(s.b, g + max));
  if (!stop && s.cyclic && n < max) walk(s.a, Math.min(g, s.a + (max - n)));
  return Math.max(1, Math.min(n, max));
}
