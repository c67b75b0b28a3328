// Hold one simulated run against one real result: for every counter of COUNTER_MAP that the result has,
// the real value, the simulated one, their ratio, its band (within 1.25x, within 2x, beyond) and whether
// the declared tolerance holds. Times and rates are never compared.
import type { SimulationResult } from '../../protocol/simulation';
import { COUNTER_MAP, type CounterMapping, type Tolerance } from './counterMap';
import { toleranceFor } from './knownMismatches';
import type { OracleResult } from './oracleResult';

export type Band = 'within 1.25x' | 'within 2x' | 'beyond 2x';

export interface Comparison {
  caseName: string;
  series: OracleResult['kernel']['series'];
  packageVersion: string;
  variant: string;
  mapping: CounterMapping;
  real: number;
  sim: number;
  /** simulated / real (1 when both are 0; Infinity when only the real one is 0). */
  ratio: number;
  band: Band;
  tolerance: Tolerance;
  /** null when the tolerance holds, else why not. */
  failure: string | null;
}

/** The real counter's value in a result, or null when the result does not have it. */
export function realValue(r: OracleResult, m: CounterMapping): number | null {
  switch (m.source) {
    case 'vmstat':
      return r.vmstat[m.real]?.delta ?? null;
    case 'kvm_vm':
      return r.kvm_vm[m.real]?.delta ?? null;
    case 'kvm_vcpu': {
      const vs = r.kvm_vcpus.filter((v) => v.stats[m.real] !== undefined);
      return vs.length ? vs.reduce((t, v) => t + v.stats[m.real].delta, 0) : null;
    }
    case 'tracepoint': {
      const v = r.tracepoints[m.real];
      return typeof v === 'number' ? v : null;
    }
  }
}

export function ratioOf(sim: number, real: number): number {
  if (sim === real) return 1;
  return real === 0 ? Infinity : sim / real;
}

export function bandOf(ratio: number): Band {
  const f = ratio >= 1 ? ratio : ratio > 0 ? 1 / ratio : Infinity;
  return f <= 1.25 ? 'within 1.25x' : f <= 2 ? 'within 2x' : 'beyond 2x';
}

/** null when `sim` is within `t` of `real`, else the reason. */
export function checkTolerance(t: Tolerance, real: number, sim: number): string | null {
  if (t.kind === 'ratio') {
    if (Math.abs(sim - real) <= t.slack) return null;
    const f = bandFactor(ratioOf(sim, real));
    return f <= t.max ? null : `ratio ${formatRatio(ratioOf(sim, real))} beyond ${t.max}x (slack ${t.slack})`;
  }
  switch (t.check) {
    case 'zero':
      return (real === 0) === (sim === 0) ? null : `known mismatch, yet zero vs non-zero disagrees`;
    case 'at_most':
      return sim <= real * t.factor ? null : `known mismatch, yet simulated exceeds ${t.factor} x real`;
    case 'at_least':
      return sim >= real * t.factor ? null : `known mismatch, yet simulated is below ${t.factor} x real`;
  }
}

function bandFactor(r: number): number {
  return r >= 1 ? r : r > 0 ? 1 / r : Infinity;
}

export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return '∞';
  if (r === 0) return '0';
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

/** Every counter both sides have, for one real result and the simulated run of its kernel's variant. */
export function compareRun(real: OracleResult, sim: SimulationResult): Comparison[] {
  const out: Comparison[] = [];
  for (const m of COUNTER_MAP) {
    const rv = realValue(real, m);
    if (rv === null) continue;
    const sv = sim.counters[m.sim];
    const tolerance = toleranceFor(real.case_name, real.kernel.series, m);
    const ratio = ratioOf(sv, rv);
    out.push({
      caseName: real.case_name,
      series: real.kernel.series,
      packageVersion: real.kernel.package_version,
      variant: sim.variant,
      mapping: m,
      real: rv,
      sim: sv,
      ratio,
      band: bandOf(ratio),
      tolerance,
      failure: checkTolerance(tolerance, rv, sv),
    });
  }
  return out;
}
