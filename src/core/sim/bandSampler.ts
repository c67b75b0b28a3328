// PTE and SPTE state bands: the state of all guest RAM sampled over time onto an address grid
// (at most maxBuckets cells per snapshot, each cell showing its majority state), kept open while a
// cell keeps its state and closed when it changes. Throttled to one snapshot per snapNs unless forced.
import type { PteState, SpteState, StateBand } from '../../protocol/simulation';
import type { PageStateStore } from './store';
import * as F from './facts';

type Band<S extends string> = StateBand<S>;

export interface BandSamplerOptions {
  /** The recorded window [t0, t1), ns. */
  t0: number;
  t1: number;
  /** At most this many address buckets per band snapshot. */
  maxBuckets: number;
  /** Minimum time between two band snapshots, ns. */
  snapNs: number;
}

const PTE_NAMES: PteState[] = ['none', 'present', 'prot_none', 'none'];
const SPTE_NAMES: SpteState[] = ['absent', '4k', '2m', 'absent'];

export class BandSampler {
  readonly pteBands: Band<PteState>[] = [];
  readonly spteBands: Band<SpteState>[] = [];
  private lastVersion = -1;
  private openPte = new Map<string, Band<PteState>>();
  private openSpte = new Map<string, Band<SpteState>>();
  private lastSnap = -Infinity;
  /** Time of the first snapshot skipped (throttled) since the last one taken, or -1. */
  private pendingT = -1;
  /** The window's end was passed: the bands are closed. */
  private closed = false;

  constructor(private readonly opts: BandSamplerOptions) {}

  /** Sample the PTE and SPTE state of all guest RAM at time t (throttled to one per snapNs). */
  snapshot(t: number, store: PageStateStore, force = false): void {
    if (this.closed || t < this.opts.t0 || t >= this.opts.t1) return;
    if (!force && t - this.lastSnap < this.opts.snapNs) {
      if (store.version !== this.lastVersion && this.pendingT < 0) this.pendingT = t;
      return;
    }
    if (!force && store.version === this.lastVersion) return;
    this.pendingT = -1;
    this.lastSnap = t;
    this.lastVersion = store.version;
    const runs: { start: number; end: number; facts: number }[] = [];
    store.forEach(0, store.pages, (start, end, facts) => {
      const last = runs[runs.length - 1];
      if (last && F.pte(last.facts) === F.pte(facts) && F.spte(last.facts) === F.spte(facts)) last.end = end;
      else runs.push({ start, end, facts });
    });
    this.sample(t, runs, (f) => F.pte(f), PTE_NAMES, this.openPte, this.pteBands, store.pages);
    this.sample(t, runs, (f) => F.spte(f), SPTE_NAMES, this.openSpte, this.spteBands, store.pages);
  }

  /** End every band at t (the window's t1) with the state as it is now; no bands after that. */
  close(t: number, store: PageStateStore): void {
    if (this.closed) return;
    // A change the throttle skipped shows from the first skipped snapshot (or, if guest accesses made
    // it after the last snapshot, from that snapshot on).
    if (store.version !== this.lastVersion && this.lastSnap > -Infinity)
      this.snapshot(this.pendingT >= 0 ? this.pendingT : this.lastSnap, store, true);
    for (const [open, out] of [
      [this.openPte, this.pteBands],
      [this.openSpte, this.spteBands],
    ] as const) {
      for (const b of open.values()) {
        b.t1 = t;
        if (b.t1 > b.t0) (out as Band<string>[]).push(b);
      }
      open.clear();
    }
    this.closed = true;
  }

  /**
   * The run ended at t. Windowed: close the bands at the end of the window or of the run. Aggregated:
   * a last snapshot, then every open band ends at t. Bands end sorted by start time and address.
   */
  finish(t: number, store: PageStateStore, aggregated: boolean): void {
    if (!this.closed && !aggregated) this.close(Math.min(t, this.opts.t1), store);
    if (!this.closed) {
      this.snapshot(Math.min(t, this.opts.t1 - 1), store, true);
      for (const [open, out] of [
        [this.openPte, this.pteBands],
        [this.openSpte, this.spteBands],
      ] as const) {
        for (const b of open.values()) {
          b.t1 = Math.min(t, this.opts.t1);
          (out as Band<string>[]).push(b);
        }
        open.clear();
      }
    }
    this.pteBands.sort((a, b) => a.t0 - b.t0 || a.gfnStart - b.gfnStart);
    this.spteBands.sort((a, b) => a.t0 - b.t0 || a.gfnStart - b.gfnStart);
  }

  private sample<S extends string>(
    t: number,
    runs: { start: number; end: number; facts: number }[],
    get: (f: number) => number,
    names: S[],
    open: Map<string, Band<S>>,
    out: Band<S>[],
    pages: number,
  ): void {
    const cells: { s: number; e: number; st: number }[] = [];
    const bucket = Math.max(1, F.alignUp(Math.ceil(pages / this.opts.maxBuckets), F.PMD_PAGES));
    let bestLen: number[] = [];
    let cur = -1;
    for (const r of runs) {
      const st = get(r.facts);
      for (let g = r.start; g < r.end;) {
        const b = Math.floor(g / bucket);
        const be = Math.min(r.end, (b + 1) * bucket);
        if (b !== cur) {
          cur = b;
          bestLen = [0, 0, 0, 0];
          cells.push({ s: b * bucket, e: Math.min(pages, (b + 1) * bucket), st });
        }
        bestLen[st] += be - g;
        const cell = cells[cells.length - 1];
        if (bestLen[st] > bestLen[cell.st]) cell.st = st;
        g = be;
      }
    }
    const merged: { s: number; e: number; st: number }[] = [];
    for (const c of cells) {
      const last = merged[merged.length - 1];
      if (last && last.st === c.st && last.e === c.s) last.e = c.e;
      else merged.push({ ...c });
    }
    const next = new Map<string, Band<S>>();
    for (const c of merged) {
      const key = `${c.s}:${c.e}:${c.st}`;
      const prev = open.get(key);
      if (prev) {
        next.set(key, prev);
        open.delete(key);
      } else next.set(key, { t0: t, t1: t, gfnStart: c.s, gfnEnd: c.e, state: names[c.st] });
    }
    for (const b of open.values()) {
      b.t1 = t;
      if (b.t1 > b.t0) out.push(b);
    }
    open.clear();
    for (const [k, b] of next) open.set(k, b);
  }
}
