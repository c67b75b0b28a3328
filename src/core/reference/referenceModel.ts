// The per-page reference model (tests and bench only): the same kernel steps run over a store that keeps
// one value per 4 KiB page and hands them out one page at a time, so every count is a plain per-page loop.
// It checks the range machinery (run splits and merges, per-run counting, the closed-form collision and
// yield solvers) against the obvious per-page computation: counters and final state must be identical.
import type { Counters } from '../../protocol/simulation';
import type { Scenario } from '../scenario/types';
import { simulateFull } from '../sim/simulate';
import { PageStore } from './pageStore';

export interface ModelOutcome {
  counters: Counters;
  finalState: { start: number; end: number; facts: number }[];
  violations: number;
}

export function runReference(sc: Scenario, variant: string): ModelOutcome {
  const { result, sim } = simulateFull(sc, variant, { makeStore: (p, i) => new PageStore(p, i) });
  return { counters: result.counters, finalState: sim.store.runs(), violations: result.violations.length };
}

export function runRangeModel(sc: Scenario, variant: string): ModelOutcome {
  const { result, sim } = simulateFull(sc, variant);
  return { counters: result.counters, finalState: sim.store.runs(), violations: result.violations.length };
}
