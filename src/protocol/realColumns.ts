// The "real 6.1" / "real 6.12" columns beside the simulated variants (counters table, text summary):
// each real kernel's value of a counter, and the simulated-minus-real delta of the variant that stands
// for that kernel when that variant is shown. Shared by the webview and the exports; pure.
import type { RealKernelCounters } from './messages';
import type { CounterName, SimulationResult } from './simulation';

export interface RealCells {
  /** Per real column: the measured value, or null when that kernel's result lacks the counter. */
  values: (number | null)[];
  /** Per shown real delta column (see realDeltaColumns()): simulated - real, or null. */
  deltas: (number | null)[];
  /** The real value each delta is against (for percentages), per delta column. */
  bases: (number | null)[];
}

/** The real columns that get a delta (`Δ real 6.1` = v6.1 − real 6.1): those whose variant is among the shown results. */
export function realDeltaColumns(
  results: readonly SimulationResult[],
  real: readonly RealKernelCounters[],
): { real: number; result: number; head: string }[] {
  const out: { real: number; result: number; head: string }[] = [];
  real.forEach((rc, i) => {
    const j = results.findIndex((r) => r.variant === rc.variant);
    if (j >= 0) out.push({ real: i, result: j, head: `Δ ${rc.label}` });
  });
  return out;
}

export function realCells(
  name: CounterName,
  results: readonly SimulationResult[],
  real: readonly RealKernelCounters[],
): RealCells {
  const values = real.map((rc) => rc.counters[name] ?? null);
  const cols = realDeltaColumns(results, real);
  const bases = cols.map((c) => values[c.real]);
  const deltas = cols.map((c) => {
    const v = values[c.real];
    return v === null ? null : (results[c.result].counters[name] ?? 0) - v;
  });
  return { values, deltas, bases };
}

/** Does any real column measure this counter as non-zero? (A row shows when it or a variant is non-zero.) */
export function realNonZero(name: CounterName, real: readonly RealKernelCounters[]): boolean {
  return real.some((rc) => (rc.counters[name] ?? 0) !== 0);
}
