// Scenario files (*.mmulens.json): open one from disk, or run the one in the editor.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LensContext } from './lensContext';
import { parseJsonText } from '../core/safety/jsonText';
import { MAX_SCENARIO_CHARS } from '../core/scenario';
import { treeAndReviewVariants } from './treeVariantStatus';

async function runScenarioFile(ctx: LensContext, uri: vscode.Uri): Promise<unknown> {
  const doc = await vscode.workspace.openTextDocument(uri);
  // A BOM is dropped, the size and nesting are bounded (docs/limits.md); errors name line and column.
  const json = parseJsonText(doc.getText(), path.basename(uri.fsPath), MAX_SCENARIO_CHARS);
  const variants = treeAndReviewVariants(ctx);
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
