// Scenario files (*.mmulens.json): open one from disk, or run the one in the editor.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LensContext } from './lensContext';
import { treeAndReviewVariants } from './treeVariantStatus';

async function runScenarioFile(ctx: LensContext, uri: vscode.Uri): Promise<unknown> {
  const doc = await vscode.workspace.openTextDocument(uri);
  let json: unknown;
  try {
    json = JSON.parse(doc.getText());
  } catch (e) {
    throw new Error(`${path.basename(uri.fsPath)} is not valid JSON: ${e instanceof Error ? e.message : e}`);
  }
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
