// "Detail this window" on a run that holds an imported trace. The trace cannot be re-recorded, so
// its part of the answer is its own events in the window; simulated variants beside it are
// re-simulated over the window mapped back onto their own clock (the inverse of their alignment
// warp) and warped forward again, so they stay aligned with the trace.
import type { TimelinePanel } from './timelinePanel';
import type { LensContext } from './lensContext';
import { log } from './log';
import { applyWarp, invertWarp, warpResult } from '../core/trace';
import type { SimulationResult } from '../protocol/simulation';

/** The imported run's events that overlap [t0, t1); its counters stay the whole run's. */
export function windowOfImported(r: SimulationResult, t0: number, t1: number): SimulationResult {
  const events = r.timeline.events.filter((e) => e.t < t1 && e.t + (e.dur ?? 0) >= t0);
  return { ...r, timeline: { ...r.timeline, t0, t1, events } };
}

/** Posts the answer to the page's detail request (TimelinePanel.answerDetail). */
export type DetailReply = (answer: { results: SimulationResult[] } | { message: string }) => void;

export async function detailWithTrace(
  ctx: LensContext,
  t0: number,
  t1: number,
  panel: TimelinePanel,
  reply: DetailReply,
): Promise<void> {
  const shown = panel.run;
  if (!shown) return reply({ message: 'the timeline shows no run' });
  const reals = shown.results.filter((r) => r.imported);
  const sims = shown.results.filter((r) => !r.imported);
  const out = reals.map((r) => windowOfImported(r, t0, t1));
  const cmp = ctx.traceCompare;
  if (sims.length && cmp && ctx.lastRequest) {
    // One window for all variants: the union of the window mapped back through each one's warp.
    const back = cmp.alignments.map((a) => invertWarp(a.warp));
    const s0 = Math.max(0, Math.min(...back.map((w) => applyWarp(w, t0))));
    const s1 = Math.max(s0 + 1, ...back.map((w) => applyWarp(w, t1)));
    let outcome;
    try {
      outcome = await ctx.runner.run(
        { ...ctx.lastRequest, window: { t0: s0, t1: s1 } },
        'MMU Notifier Lens: detailing the simulation beside the trace',
      );
    } catch (e) {
      reply({ message: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (!outcome) {
      reply({ message: 'cancelled' });
      return;
    }
    outcome.results.forEach((r, i) =>
      out.push(warpResult(r, cmp.alignments[i]?.warp ?? { sim: [], real: [] })),
    );
  }
  log.info(`detail of the imported trace ${t0}–${t1} ns: ${out.length} result(s)`);
  reply({ results: out });
}
