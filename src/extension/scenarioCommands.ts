// Scenario files (*.mmulens.json): open one from disk, or run the one in the editor.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LensContext } from './lensContext';
import { parseJsonText } from '../core/safety';
import { MAX_SCENARIO_CHARS } from '../core/scenario';
import { treeAndReviewVariants } from './treeVariantStatus';

/** The ids of the variants a scenario file's JSON defines (`"variants": [{"id": …}]`), in file order. */
function ownVariantIds(json: unknown): string[] {
  const vs = (json as { variants?: unknown } | null)?.variants;
  if (!Array.isArray(vs)) return [];
  return vs
    .map((v) => (v as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string')
    .slice(0, 8);
}

async function runScenarioFile(ctx: LensContext, uri: vscode.Uri): Promise<unknown> {
  const doc = await vscode.workspace.openTextDocument(uri);
  // A BOM is dropped, the size and nesting are bounded (docs/limits.md); errors name line and column.
  const json = parseJsonText(doc.getText(), path.basename(uri.fsPath), MAX_SCENARIO_CHARS);
  // A scenario that defines its own variants runs them beside the tree's; otherwise the review setting.
  const own = ownVariantIds(json);
  const variants = own.length
    ? treeAndReviewVariants(ctx, own[0]).concat(own.slice(1))
    : treeAndReviewVariants(ctx);
  return ctx.simulateAndShow({
    title: `${path.basename(uri.fsPath)} · ${variants.join(' vs ')}`,
    scenario: json,
    scenarioSource: uri.fsPath,
    variants,
  });
}

export const openScenarioCommand = (ctx: LensContext) => async () => {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'MMU Notifier Lens scenario': ['json'] },
    title: 'Open a scenario (*.mmulens.json)',
  });
  if (!picked?.[0]) return undefined;
  return runScenarioFile(ctx, picked[0]);
};

export const runScenarioCommand = (ctx: LensContext) => async (arg?: unknown) => {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new Error('no scenario file is open');
  return runScenarioFile(ctx, uri);
};
