// The oracle's cases and real counters as one small JSON file bundled into the extension
// (src/core/oracle/oracleIndex.json, written by `npm run validate`, kept current by a unit test): the
// extension needs no file system to run a case or show its "real 6.1" / "real 6.12" columns, and the
// VSIX carries a few KB instead of every raw result.
import type { RealKernelCounters } from '../../protocol/messages';
import type { CounterName } from '../../protocol/simulation';
import { COUNTER_MAP } from './counterMap';
import { realValue } from './compare';
import type { OracleCase } from './oracleCase';
import type { OracleResult } from './oracleResult';
import { VARIANT_OF_SERIES } from './types';

export interface OracleIndex {
  /** Every case, defaults filled, by name. */
  cases: Record<string, OracleCase>;
  /** Every ok result's counters, by case name, in kernel series order. */
  real: Record<string, RealKernelCounters[]>;
}

/** A result's counters in simulator names: the first COUNTER_MAP row with a real value wins. */
export function realKernelCounters(r: OracleResult): RealKernelCounters {
  const counters: Partial<Record<CounterName, number>> = {};
  for (const m of COUNTER_MAP) {
    const v = realValue(r, m);
    if (v !== null && counters[m.sim] === undefined) counters[m.sim] = v;
  }
  return {
    label: `real ${r.kernel.series}`,
    variant: VARIANT_OF_SERIES[r.kernel.series],
    kernel: r.kernel.package_version,
    counters,
  };
}

export function buildOracleIndex(
  cases: readonly OracleCase[],
  results: readonly OracleResult[],
): OracleIndex {
  const index: OracleIndex = { cases: {}, real: {} };
  for (const c of cases) index.cases[c.name] = c;
  for (const r of results) {
    if (r.status !== 'ok') continue;
    (index.real[r.case_name] ??= []).push(realKernelCounters(r));
  }
  return index;
}
