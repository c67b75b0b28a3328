// "Import trace…" and "Compare with simulation…": the dialogs and pickers; the work (import in the
// worker, simulate beside the trace, align, show) is traceRuns.ts.
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import { compareWithTrace, importTrace } from './traceRuns';
import { listPresets, listVariants } from '../core/sim';
import { bundledCases } from '../core/oracle';
import type { AlignMode } from '../core/trace';
import type { SimulationResult } from '../protocol/simulation';

/** Paths from a command argument: a Uri, a path, or an array of them (tests and other commands pass these). */
function pathsOf(arg: unknown): string[] {
  const one = (a: unknown): string | undefined =>
    a instanceof vscode.Uri ? a.fsPath : typeof a === 'string' ? a : undefined;
  if (Array.isArray(arg)) return arg.map(one).filter((p): p is string => !!p);
  const p = one(arg);
  return p ? [p] : [];
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
  return importTrace(ctx, paths);
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
  return compareWithTrace(ctx, last, { preset, variants, mode, ...(a.sets ? { sets: a.sets } : {}) });
};
