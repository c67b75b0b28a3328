// Revives the timeline panel after a reload; the page restores its run from getState().
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import { TIMELINE_VIEW_TYPE, TimelinePanel } from './timelinePanel';

export function registerTimelineSerializer(ctx: LensContext): void {
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        TimelinePanel.revive(panel, ctx.extensionUri, ctx.timelineHandlers);
      },
    }),
  );
}
