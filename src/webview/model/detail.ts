// "Detail this window": an aggregated run (events merged per time slot, bands on a coarse
// address grid) can have any window re-simulated in full detail by the host. The page then
// shows that window on its own: the run with each variant's timeline replaced by the detailed
// one, so the time axis, overview and event pyramid span just the window. DOM-free.
import type { TimelineRun } from '../../protocol/messages';
import type { SimulationResult } from '../../protocol/simulation';
import { unitFor, type ViewWindow } from './timeScale';

/** A window of simulated time [t0, t1) in ns. */
export interface DetailWindow {
  t0: number;
  t1: number;
}

/** True when any variant's timeline was aggregated, i.e. a window can be shown in more detail. */
export function isAggregatedRun(run: TimelineRun | undefined): boolean {
  return !!run && run.results.some((r) => r.timeline.aggregated);
}

/** The window to ask the host for: the visible window on whole nanoseconds, at least 1 ns long. */
export function detailWindowFor(view: ViewWindow): DetailWindow {
  const t0 = Math.max(0, Math.floor(view.start));
  return { t0, t1: Math.max(t0 + 1, Math.ceil(view.end)) };
}

/**
 * "detailed 12.0–12.5 s": both ends in the unit of the later one, with as many decimals as
 * the window's length needs to tell them apart (at least one below 10 units of span).
 */
export function formatDetailWindow(w: DetailWindow): string {
  const [div, name] = unitFor(Math.max(Math.abs(w.t0), Math.abs(w.t1), 1));
  const span = Math.max(w.t1 - w.t0, 1) / div;
  const digits = Math.min(9, Math.max(span < 10 ? 1 : 0, Math.ceil(-Math.log10(span) - 1e-9)));
  return `detailed ${(w.t0 / div).toFixed(digits)}–${(w.t1 / div).toFixed(digits)} ${name}`;
}

/**
 * The run to show for a detail answer: `base` with each variant's result replaced by the
 * detailed result of the same variant (matched by id, in the base run's order). Throws when a
 * variant is missing from the answer.
 */
export function detailedRun(base: TimelineRun, results: readonly SimulationResult[]): TimelineRun {
  const byVariant = new Map(results.map((r) => [r.variant, r]));
  const replaced = base.results.map((r) => {
    const d = byVariant.get(r.variant);
    if (!d) throw new Error(`detail answer has no result for variant ${r.variant}`);
    return d;
  });
  return { ...base, results: replaced };
}
