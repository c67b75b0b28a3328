// "Import trace…" and "Compare with simulation…": a real run (ftrace / trace-cmd text, vmstat
// snapshots, results JSON) on the timeline, then beside simulated variants aligned onto its axis.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LensContext } from './lensContext';
import { TimelinePanel } from './timelinePanel';
import { importTraceInWorker } from './traceImportRunner';
import { log } from './log';
import { testEvent } from './testEvents';
import { listPresets, listVariants } from '../core/sim';
import { alignToReal, type AlignMode } from '../core/trace';
import { bundledCases } from '../core/oracle';
import type { TimelineRun } from '../protocol/messages';
import type { SimulationResult } from '../protocol/simulation';

/** Paths from a command argument: a Uri, a path, or an array of them (tests and other commands pass these). */
function pathsOf(arg: unknown): string[] {
  const one = (a: unknown): string | undefined =>
    a instanceof vscode.Uri ? a.fsPath : typeof a === 'string' ? a : undefined;
  if (Array.isArray(arg)) return arg.map(one).filter((p): p is string => !!p);
  const p = one(arg);
  return p ? [p] : [];
}

function reportProblems(real: SimulationResult): void {
  const info = real.imported;
  if (!info) return;
  for (const p of info.problems) log.warn(`${p.file}:${p.line}: ${p.message}: ${p.text}`);
  const unknown = Object.entries(info.unknownEvents);
  if (unknown.length)
    log.info(`unknown events (counted, not drawn): ${unknown.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const w of info.warnings) {
    log.warn(w);
    void vscode.window.showWarningMessage(`MMU Notifier Lens: ${w}`);
  }
  if (info.problemCount) {
    const first = info.problems[0];
    void vscode.window.showWarningMessage(
      `MMU Notifier Lens: ${info.problemCount} line(s) skipped while importing` +
        (first ? `, first ${path.basename(first.file)}:${first.line}: ${first.message}` : '') +
        ' (all in the log).',
    );
  }
}

export const importTraceCommand = (ctx: LensContext) => async (arg?: unknown) => {
  let paths = pathsOf(arg);
  if (paths.length === 0) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: true,
      openLabel: 'Import',
      title: 'MMU Notifier Lens: import a trace (ftrace / trace-cmd text), vmstat snapshots, results JSON',
      filters: { 'Traces and counters': ['txt', 'trace', 'log', 'json'], 'All files': ['*'] },
    });
    if (!picked?.length) return undefined;
    paths = picked.map((u) => u.fsPath);
  }
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
  reportProblems(real);
  ctx.lastImport = { result: real, paths };
  ctx.traceCompare = undefined;
  const run: TimelineRun = {
    title: `${real.variant} · ${real.scenario}`,
    scenario: real.scenario,
    results: [real],
  };
  panel.show(run);
  testEvent({
    event: 'traceImported',
    events: real.timeline.events.length,
    problems: real.imported?.problemCount ?? 0,
    measured: real.imported?.measured ?? {},
  });
  return run;
};

interface CompareArgs {
  /** A preset name, or "case" for the oracle case that produced the trace. */
  preset?: string;
  variants?: string[];
  mode?: AlignMode;
  sets?: string[];
}

/** The variant a real kernel's run is best compared with: "real 6.1.192-3" → v6.1. */
function kernelVariantOf(real: SimulationResult): string | undefined {
  const m = /(\d+\.\d+)/.exec(real.variant);
  return m && listVariants().some((v) => v.id === `v${m[1]}`) ? `v${m[1]}` : undefined;
}

export const compareWithSimulationCommand = (ctx: LensContext) => async (arg?: unknown) => {
  const last = ctx.lastImport;
  if (!last) throw new Error('no imported trace to compare: run "Import trace…" first');
  const real = last.result;
  const a = (typeof arg === 'object' && arg !== null ? arg : {}) as CompareArgs;
  // The case that produced the trace, when the extension bundles it (oracle/cases/*.json).
  const named = real.imported?.oracleCase;
  const oracleCase = named && bundledCases().some((c) => c.name === named.name) ? named : undefined;
  let preset = a.preset;
  if (!preset) {
    const fromCase = oracleCase
      ? [
          {
            label: 'case',
            description: oracleCase.name,
            detail: 'The oracle case that produced this trace, simulated as `simulate --case` does',
          },
        ]
      : [];
    const pick = await vscode.window.showQuickPick(
      [...fromCase, ...listPresets().map((p) => ({ label: p.name, description: '', detail: p.description }))],
      { title: `MMU Notifier Lens: the scenario that matches ${real.scenario}`, matchOnDetail: true },
    );
    if (!pick) return undefined;
    preset = pick.label;
  }
  if (preset === 'case' && !oracleCase)
    throw new Error('the imported files hold no oracle case (no results JSON with "case")');
  const scenarioName = preset === 'case' && oracleCase ? `case ${oracleCase.name}` : preset;
  let variants = a.variants;
  if (!variants?.length) {
    const pre = kernelVariantOf(real);
    const picks = await vscode.window.showQuickPick(
      listVariants().map((v) => ({ label: v.id, description: v.description, picked: v.id === pre })),
      { canPickMany: true, title: `MMU Notifier Lens: simulate ${scenarioName} on` },
    );
    if (!picks?.length) return undefined;
    variants = picks.map((p) => p.label);
  }
  let mode = a.mode;
  if (!mode) {
    const m = await vscode.window.showQuickPick(
      [
        {
          label: 'order',
          detail:
            'Align by the order and number of mmu-notifier invalidations (TCG, hardware and the model run at different speeds)',
        },
        { label: 'time', detail: 'Each run on its own clock from 0' },
      ],
      { title: 'MMU Notifier Lens: align the simulation with the trace' },
    );
    if (!m) return undefined;
    mode = m.label as AlignMode;
  }
  const title = `${real.variant} vs ${variants.join(', ')} · ${scenarioName}`;
  const req =
    preset === 'case' && oracleCase
      ? { oracleCase: oracleCase.name, variants, title }
      : { preset, variants, sets: a.sets, title };
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
  TimelinePanel.createOrShow(ctx.extensionUri, ctx.timelineHandlers).show(run);
  testEvent({ event: 'traceCompared', variants, mode, alignment: alignments.map((x) => x.label) });
  return run;
};
