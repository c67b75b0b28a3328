// Commands that start simulations: from a lens (a notifier site), a preset, a variant
// comparison, or the whole tree's default scenario.
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import { DEFAULT_PRESET, listPresets, listVariants } from '../core/sim';
import type { TimelineRun } from '../protocol/messages';
import { treeAndReviewVariants, treeVariantOf } from './treeVariantStatus';

/** Arguments a "Simulate" lens passes (see codeLensProvider.ts). */
export interface SiteLensArgs {
  file: string;
  line: number;
  fn: string;
  callee: string;
  operation: string;
  operationLabel: string;
  preset: string;
  variants: string[];
  /** How each variant is shown (e.g. `v6.12 + series rules` for a long rule id); default the ids. */
  labels?: string[];
}

function isSiteLensArgs(a: unknown): a is SiteLensArgs {
  return typeof a === 'object' && a !== null && typeof (a as SiteLensArgs).preset === 'string';
}

function siteOf(args: SiteLensArgs): TimelineRun['site'] {
  return { file: args.file, line: args.line, fn: args.fn, callee: args.callee };
}

export const simulateSiteCommand = (ctx: LensContext) => async (arg?: unknown) => {
  if (!isSiteLensArgs(arg)) return simulatePresetCommand(ctx)();
  return ctx.simulateAndShow({
    title: `${arg.operationLabel} · ${(arg.labels ?? arg.variants).join(' vs ')} (${arg.fn}:${arg.line})`,
    preset: arg.preset,
    variants: arg.variants,
    site: siteOf(arg),
  });
};

async function pickVariants(ctx: LensContext, preselected: string[]): Promise<string[] | undefined> {
  const items = listVariants().map((v) => ({
    label: v.id,
    description: v.description,
    picked: preselected.includes(v.id),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'MMU Notifier Lens: variants to compare (the first is the baseline)',
    placeHolder: 'Pick two or more kernel variants',
  });
  if (!picked || picked.length === 0) return undefined;
  // Keep the tree's own variant first when it was picked: deltas are against it.
  const tree = treeVariantOf(ctx);
  return picked.map((p) => p.label).sort((a, b) => (a === tree ? -1 : b === tree ? 1 : 0));
}

export const simulatePresetCommand = (ctx: LensContext) => async () => {
  const presets = listPresets();
  const preset = await vscode.window.showQuickPick(
    presets.map((p) => ({ label: p.name, detail: p.description })),
    { title: 'MMU Notifier Lens: simulate a preset', matchOnDetail: true },
  );
  if (!preset) return undefined;
  const variants = treeAndReviewVariants(ctx);
  return ctx.simulateAndShow({
    title: `${preset.label} · ${variants.join(' vs ')}`,
    preset: preset.label,
    variants,
  });
};

export const compareVariantsCommand = (ctx: LensContext) => async (arg?: unknown) => {
  const base = isSiteLensArgs(arg)
    ? { title: arg.operationLabel, preset: arg.preset, site: siteOf(arg) }
    : (ctx.lastRequest ?? { title: DEFAULT_PRESET, preset: DEFAULT_PRESET, site: undefined });
  const variants = await pickVariants(
    ctx,
    isSiteLensArgs(arg) ? arg.variants : (ctx.lastRequest?.variants ?? []),
  );
  if (!variants) return undefined;
  const title = `${base.title.split(' · ')[0]} · ${variants.join(' vs ')}`;
  return ctx.simulateAndShow({ ...base, title, variants });
};

export const simulateTreeCommand = (ctx: LensContext) => async () => {
  const variants = treeAndReviewVariants(ctx);
  return ctx.simulateAndShow({
    title: `${DEFAULT_PRESET} · ${variants.join(' vs ')}`,
    preset: DEFAULT_PRESET,
    variants,
  });
};
