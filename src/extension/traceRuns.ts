// The work behind "Import trace…" and "Compare with simulation…", without their dialogs: import a
// real run (ftrace / trace-cmd text, vmstat snapshots, results JSON) and show it; simulate variants
// beside it aligned onto its axis and show both. The commands (importCommands.ts) ask for the files
// and choices; a revived timeline (timelineRevival.ts) calls these with the recorded ones.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LensContext } from './lensContext';
import { TimelinePanel } from './timelinePanel';
import { importTraceInWorker } from './traceImportRunner';
import { log } from './log';
import { testEvent } from './testEvents';
import { alignToReal } from '../core/trace';
import { bundledCases } from '../core/oracle';
import type { TimelineRun } from '../protocol/messages';
import type { SimulationResult } from '../protocol/simulation';
import type { CompareSpec } from './timelineRecord';

/** Logs the import's problems and warnings; `toasts`: also as warning notifications (not on a rebuild). */
function reportProblems(real: SimulationResult, toasts: boolean): void {
  const info = real.imported;
  if (!info) return;
  for (const p of info.problems) log.warn(`${p.file}:${p.line}: ${p.message}: ${p.text}`);
  const unknown = Object.entries(info.unknownEvents);
  if (unknown.length)
    log.info(`unknown events (counted, not drawn): ${unknown.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const w of info.warnings) {
    log.warn(w);
    if (toasts) void vscode.window.showWarningMessage(`MMU Notifier Lens: ${w}`);
  }
  if (info.problemCount && toasts) {
    const first = info.problems[0];
    void vscode.window.showWarningMessage(
      `MMU Notifier Lens: ${info.problemCount} line(s) skipped while importing` +
        (first ? `, first ${path.basename(first.file)}:${first.line}: ${first.message}` : '') +
        ' (all in the log).',
    );
  }
}

/**
 * Imports `paths` in the worker and, unless `opts.show` is false, shows the real run alone. Resolves
 * the imported result, or undefined when cancelled or when a newer run started meanwhile.
 * `opts.rebuild`: the files were imported before (timelineRevival.ts): problems go to the log only.
 */
export async function importTrace(
  ctx: LensContext,
  paths: string[],
  opts: { show?: boolean; rebuild?: boolean } = {},
): Promise<SimulationResult | undefined> {
  const { show = true, rebuild = false } = opts;
  const isNewest = ctx.timelineTicket();
  const panel = TimelinePanel.createOrShow(ctx.extensionUri, ctx.timelineHandlers);
  panel.post({ type: 'progress', message: `Importing ${paths.map((p) => path.basename(p)).join(', ')}…` });
  let real: SimulationResult | undefined;
  try {
    real = await importTraceInWorker(ctx.extension.extensionPath, {
      paths,
      maxEvents: ctx.config.importMaxEvents,
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    testEvent({ event: 'traceImportFailed', message });
    if (!ctx.failureStillShown(isNewest, `import of ${paths.join(', ')}`, e)) return undefined;
    panel.post({ type: 'error', message });
    throw e;
  }
  if (!isNewest()) {
    log.info(`import of ${paths.join(', ')}: ended after a newer run started; not shown`);
    return undefined;
  }
  if (!real) {
    panel.post({ type: 'error', message: 'Import cancelled.' });
    return undefined;
  }
  reportProblems(real, !rebuild);
  ctx.lastImport = { result: real, paths };
  ctx.traceCompare = undefined;
  if (show) {
    const run: TimelineRun = {
      title: `${real.variant} · ${real.scenario}`,
      scenario: real.scenario,
      results: [real],
    };
    ctx.recorder.save(run, { kind: 'import', paths });
    panel.show(run);
  }
  testEvent({
    event: 'traceImported',
    events: real.timeline.events.length,
    problems: real.imported?.problemCount ?? 0,
    measured: real.imported?.measured ?? {},
  });
  return real;
}

/**
 * Simulates `spec` beside the imported run `last`, aligns the simulations onto the trace's axis and
 * shows both. Resolves the run, or undefined when cancelled or superseded by a newer run.
 */
export async function compareWithTrace(
  ctx: LensContext,
  last: { result: SimulationResult; paths: string[] },
  spec: CompareSpec,
): Promise<TimelineRun | undefined> {
  const real = last.result;
  const { preset, variants, mode } = spec;
  // The case that produced the trace, when the extension bundles it (oracle/cases/*.json).
  const named = real.imported?.oracleCase;
  const oracleCase = named && bundledCases().some((c) => c.name === named.name) ? named : undefined;
  if (preset === 'case' && !oracleCase)
    throw new Error('the imported files hold no oracle case (no results JSON with "case")');
  const scenarioName = preset === 'case' && oracleCase ? `case ${oracleCase.name}` : preset;
  const title = `${real.variant} vs ${variants.join(', ')} · ${scenarioName}`;
  const req =
    preset === 'case' && oracleCase
      ? { oracleCase: oracleCase.name, variants, title }
      : { preset, variants, sets: spec.sets, title };
  const isNewest = ctx.timelineTicket();
  let outcome;
  try {
    outcome = await ctx.runner.run(
      req,
      `MMU Notifier Lens: simulating ${scenarioName} beside ${real.variant}`,
    );
  } catch (e) {
    if (ctx.failureStillShown(isNewest, title, e)) throw e;
    return undefined;
  }
  if (!outcome || !isNewest()) return undefined;
  const { results, alignments } = alignToReal(real, outcome.results, mode);
  for (const [i, al] of alignments.entries()) log.info(`${variants[i]}: ${al.label}`);
  ctx.lastRequest = req;
  ctx.traceCompare = { real, alignments, mode };
  const run: TimelineRun = {
    title: `${title} (${alignments[0]?.label ?? mode})`,
    scenario: outcome.scenario,
    results: [real, ...results],
  };
  ctx.recorder.save(run, { kind: 'compare', paths: last.paths, compare: spec });
  TimelinePanel.createOrShow(ctx.extensionUri, ctx.timelineHandlers).show(run);
  testEvent({ event: 'traceCompared', variants, mode, alignment: alignments.map((x) => x.label) });
  return run;
}
