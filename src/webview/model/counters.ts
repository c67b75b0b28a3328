// Counting events over time: per kind, sorted times with a running total, so "how many
// remote TLB flushes between A and B" is two binary searches. Also the compare table's
// rows with deltas. DOM-free.
import { formatCount } from '../../protocol/format';
import { COUNTER_NAMES, type CounterName, type SimulationResult } from '../../protocol/simulation';
import type { RealKernelCounters } from '../../protocol/messages';
import { realCells, realNonZero, type RealCells } from '../../protocol/realColumns';
import type { EventColumns } from './decode';
import { KIND_INFO } from './kinds';
import { lowerBound } from './eventIndex';

export interface KindSeries {
  /** Event start times, sorted. */
  t: Float64Array;
  /** cum[i] = total count of events 0..i-1 (event.count, default 1); length n + 1. */
  cum: Float64Array;
}

export function buildKindSeries(cols: EventColumns): KindSeries[] {
  const n = KIND_INFO.length;
  const sizes = new Uint32Array(n);
  for (let i = 0; i < cols.n; i++) sizes[cols.code[i]]++;
  const t = Array.from(sizes, (s) => new Float64Array(s));
  const w = Array.from(sizes, (s) => new Float64Array(s));
  const fill = new Uint32Array(n);
  for (let i = 0; i < cols.n; i++) {
    const c = cols.code[i];
    t[c][fill[c]] = cols.t[i];
    w[c][fill[c]++] = cols.count ? cols.count[i] : 1;
  }
  return t.map((times, c) => {
    let sorted = true;
    for (let i = 1; i < times.length && sorted; i++) if (times[i] < times[i - 1]) sorted = false;
    let tt = times;
    let ww = w[c];
    if (!sorted) {
      const order = Uint32Array.from(times.keys()).sort((a, b) => times[a] - times[b]);
      tt = Float64Array.from(order, (i) => times[i]);
      ww = Float64Array.from(order, (i) => w[c][i]);
    }
    const cum = new Float64Array(tt.length + 1);
    for (let i = 0; i < tt.length; i++) cum[i + 1] = cum[i] + ww[i];
    return { t: tt, cum };
  });
}

/** Total count of events with start in [a, b). */
export function countBetween(s: KindSeries, a: number, b: number): number {
  if (b < a) [a, b] = [b, a];
  return s.cum[lowerBound(s.t, b)] - s.cum[lowerBound(s.t, a)];
}

/** Counts per kind in [a, b), only kinds that occur in the run. */
export function countsBetween(
  series: readonly KindSeries[],
  a: number,
  b: number,
): { kind: number; count: number }[] {
  const out: { kind: number; count: number }[] = [];
  series.forEach((s, kind) => {
    if (s.t.length) out.push({ kind, count: countBetween(s, a, b) });
  });
  return out;
}

/** Kinds drawn as cumulative curves in the counters strip (the ones reviewers ask about). */
export const STRIP_KINDS = [
  'remote_tlb_flush',
  'spte_zap',
  'ept_violation',
  'fault_retry',
  'numa_protect',
] as const;

/**
 * The kernel counters (result.counters, the table's rows) that stand for each strip kind: the
 * strip labels show these run totals, so the strip and the counters table never disagree.
 */
export const STRIP_COUNTERS: Readonly<Record<(typeof STRIP_KINDS)[number], readonly CounterName[]>> = {
  remote_tlb_flush: ['remote_tlb_flush'],
  spte_zap: ['sptes_zapped_4k', 'sptes_zapped_2m'],
  ept_violation: ['ept_violations'],
  fault_retry: ['fault_retries'],
  numa_protect: ['numa_protect'],
};

/** "remote_tlb_flush 411" / "sptes_zapped_4k+2m 263,886": a strip label from the run's counters. */
export function stripCounterLabel(
  kind: (typeof STRIP_KINDS)[number],
  counters: Partial<Record<CounterName, number>>,
): string {
  const names = STRIP_COUNTERS[kind];
  const total = names.reduce((t, n) => t + (counters[n] ?? 0), 0);
  const name =
    names.length === 1
      ? names[0]
      : `${names[0]}+${names
          .slice(1)
          .map((n) => n.split('_').pop())
          .join('+')}`;
  return `${name} ${formatCount(total)}`;
}

export interface CompareRow {
  name: CounterName;
  values: number[];
  /** value - first variant's value, per variant (0 for the first). */
  deltas: number[];
  /** The real kernels' columns (only when the run has real results). */
  real?: RealCells;
  /**
   * Per variant: false when an imported real trace did not measure this counter (its value is not
   * known: the table shows "–", and no delta against it); simulations measure everything.
   */
  measured: boolean[];
  /** Per variant: where an imported trace's value came from ("trace", "vmstat", "kvm_stats", "tracepoint"). */
  sources: (string | undefined)[];
}

/** Counter rows for the compare table; rows where every variant and every real kernel is 0 are left out. */
export function compareRows(
  results: readonly SimulationResult[],
  real: readonly RealKernelCounters[] = [],
): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const name of COUNTER_NAMES) {
    const values = results.map((r) => r.counters[name] ?? 0);
    if (values.every((v) => v === 0) && !realNonZero(name, real)) continue;
    const sources = results.map((r) => r.imported?.measured[name]);
    const measured = results.map((r, i) => !r.imported || sources[i] !== undefined);
    rows.push({
      name,
      values,
      deltas: values.map((v) => v - values[0]),
      measured,
      sources,
      ...(real.length ? { real: realCells(name, results, real) } : {}),
    });
  }
  return rows;
}
