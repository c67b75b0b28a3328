// Shared by the reviewer-story suites (issue #6): the lens arguments of the site above
// mmu_notifier_invalidate_range_start(&range) in Linux 6.12's mm/mprotect.c, running a
// simulation through the extension's own command, and where measurements are written.
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { TimelineRun } from '../../../src/protocol/messages';
import { E2E_CALL_TEXT, E2E_FILE, SIMULATE_LENS } from '../shared/expectedLenses';
import { EXTENSION_ID, kernelTree, pollLenses, waitForEvent, type TestEventOf } from './env';

/** What a "▶ Simulate" lens passes to mmuNotifierLens.simulate (extra keys kept as they are). */
export interface SiteArgs {
  preset: string;
  variants: string[];
  [key: string]: unknown;
}

/** The "▶ Simulate" lens arguments of the mmu_notifier_invalidate_range_start(&range) site. */
export async function targetSiteArgs(): Promise<{ doc: vscode.TextDocument; args: SiteArgs; line: number }> {
  const file = join(kernelTree('6.12'), E2E_FILE);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const lenses = await pollLenses(doc.uri, 60_000);
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes(E2E_CALL_TEXT));
  assert.ok(line >= 0, `${E2E_FILE} has a line with ${E2E_CALL_TEXT}`);
  const lens = lenses.find(
    (l) => l.range.start.line === line && l.command?.command === SIMULATE_LENS.command,
  );
  assert.ok(lens, `a "${SIMULATE_LENS.titlePrefix}" lens on line ${line + 1}`);
  const args = (lens.command?.arguments ?? [])[0] as SiteArgs | undefined;
  assert.ok(args && typeof args.preset === 'string' && Array.isArray(args.variants), 'lens arguments');
  return { doc, args, line: line + 1 };
}

/** Runs mmuNotifierLens.simulate with `args` and waits until the timeline reports "rendered". */
export async function simulateAndRender(
  args: SiteArgs,
  timeoutMs = 60_000,
): Promise<{ run: TimelineRun; rendered: TestEventOf<'rendered'> }> {
  const since = Date.now();
  const run = await vscode.commands.executeCommand<TimelineRun | undefined>('mmuNotifierLens.simulate', args);
  assert.ok(run, 'mmuNotifierLens.simulate returned the run it showed');
  // This run's drawing (a timeline shown again first redraws the run it showed before).
  const events = run.results.reduce((n, r) => n + r.timeline.events.length, 0);
  const rendered = await waitForEvent('rendered', (e) => e.at >= since && e.events === events, timeoutMs);
  return { run, rendered };
}

/** The repository (the extension under development). */
export function repoRoot(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.extensionPath;
}

/** Folder for measurements: beside $MMU_LENS_TEST_RESULTS (the artifacts' vscode/ folder). */
export function measurementsDir(): string {
  const results = process.env.MMU_LENS_TEST_RESULTS;
  return results ? dirname(results) : join(repoRoot(), '.artifacts', 'vscode');
}
