// A window reload restarts the extension host; the workbench revives the timeline panel and its
// page redraws the run of its saved state. That state is the workbench's to persist, and a reload
// can lose its last save (docs/limits.md): the page then comes back with the run shown before the
// last one, or with none. The host recorded what it showed last (timelineRecord.ts, on disk); here
// the revived page's run is checked against that record and, when they differ, the recorded run is
// built again the way it was built (a simulation, an import, a comparison with a trace) and shown,
// or, when that fails, named in the page's error line.
import type { LensContext } from './lensContext';
import type { TimelinePanel } from './timelinePanel';
import { compareWithTrace, importTrace } from './traceRuns';
import type { TimelineRecipe, TimelineRecord } from './timelineRecord';
import { log } from './log';
import { unhandledMessage } from '../protocol/messages';

/** Builds the recorded run again and shows it; resolves false when it was not shown (cancelled, superseded). */
async function rebuild(ctx: LensContext, recipe: TimelineRecipe): Promise<boolean> {
  switch (recipe.kind) {
    case 'simulate':
      // As recorded: its duration is the one it ran with, whatever the setting says now.
      return (await ctx.showSimulation(recipe.request)) !== undefined;
    case 'import':
      return (await importTrace(ctx, recipe.paths, { rebuild: true })) !== undefined;
    case 'compare': {
      const real = await importTrace(ctx, recipe.paths, { show: false, rebuild: true });
      if (!real) return false;
      return (
        (await compareWithTrace(ctx, { result: real, paths: recipe.paths }, recipe.compare)) !== undefined
      );
    }
    default:
      return unhandledMessage(recipe);
  }
}

function describe(rec: TimelineRecord): string {
  const r = rec.recipe;
  return r.kind === 'simulate'
    ? `a simulation of ${r.request.variants.join(', ')}`
    : `${r.kind} of ${r.paths.join(', ')}`;
}

/**
 * The revived panel's first page is ready and showed `restored` (a runKey, or undefined: no run).
 * When that is the recorded run, the host takes its request back (what-if and "Detail this window"
 * re-run it); when it is not, and nothing newer started in this host, the recorded run is rebuilt.
 */
export async function reviveTimeline(
  ctx: LensContext,
  restored: string | undefined,
  panel: TimelinePanel,
): Promise<void> {
  const rec = ctx.recorder.load();
  if (!rec) return;
  if (rec.key === restored) {
    log.info(`timeline revived with "${rec.title}", the run shown last`);
    if (rec.recipe.kind === 'simulate') ctx.lastRequest ??= rec.recipe.request;
    return;
  }
  if (ctx.timelineRunStarted) {
    log.info(`timeline revived without "${rec.title}"; a newer run started meanwhile: not rebuilt`);
    return;
  }
  const had = restored ? `"${restored.split('\n')[0]}"` : 'no run';
  log.info(`timeline revived with ${had} instead of "${rec.title}": rebuilding it (${describe(rec)})`);
  try {
    await rebuild(ctx, rec.recipe);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    log.warn(`rebuilding "${rec.title}" after the window reload failed: ${why}`);
    panel.post({
      type: 'error',
      message: `Before the window reload the timeline showed “${rec.title}”; it could not be built again: ${why}. Run it again.`,
    });
  }
}
