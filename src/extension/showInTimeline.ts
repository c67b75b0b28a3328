// "Show in timeline": from an editor position on a notifier site, focus the timeline on the
// events of that site's kernel function (running the site's scenario first if nothing is shown).
import { COMMAND } from './ids';
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import { TimelinePanel } from './timelinePanel';
import { siteLensArgsAt } from './codeLensProvider';

export const showInTimelineCommand = (ctx: LensContext) => async (arg?: unknown) => {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  const uri = arg instanceof vscode.Uri ? arg : editor?.document.uri;
  if (!uri) throw new Error('open a kernel source file first');
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active.line : 0;
  const site = siteLensArgsAt(ctx, doc, line);
  if (!site) throw new Error('no mmu-notifier call site at or above the cursor');
  if (!TimelinePanel.current?.run || ctx.lastRequest?.preset !== site.preset) {
    await vscode.commands.executeCommand(COMMAND.simulate, site);
  }
  const panel = TimelinePanel.current;
  // A hidden timeline is not loaded: show it (the focus waits for the page's ready).
  if (panel && !panel.panel.visible) panel.panel.reveal(undefined, true);
  panel?.post({ type: 'focus', fn: site.fn });
  return site;
};
