// Counters where today's model is known to be far from the real kernel for a given case and kernel
// (issue #11 fixes the mechanisms). Each entry still declares something real to hold (zero vs non-zero,
// or the side the simulator errs on); the mechanism behind each is in docs/validation-notes.json and
// docs/validation.md. Default tolerances are in COUNTER_MAP; this is the only other place tolerances live.
import { mappingKey, type CounterMapping, type Tolerance } from './counterMap';

/** `case/series/source:real` -> the tolerance that replaces the default. */
export const KNOWN_MISMATCHES: Readonly<Record<string, Tolerance>> = {};

export function knownMismatchKey(caseName: string, series: string, m: CounterMapping): string {
  return `${caseName}/${series}/${mappingKey(m)}`;
}

export function toleranceFor(caseName: string, series: string, m: CounterMapping): Tolerance {
  return KNOWN_MISMATCHES[knownMismatchKey(caseName, series, m)] ?? m.tolerance;
}
