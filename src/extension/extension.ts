// activate(): the extension's table of contents.
import * as vscode from 'vscode';
import { initLog, log } from './log';
import { LensContext } from './lensContext';
import { registerCommands } from './commands';
import { NotifierCodeLensProvider } from './codeLensProvider';
import { ScenarioCodeLensProvider } from './scenarioCodeLens';
import { registerTimelineSerializer } from './timelineSerializer';
import { TreeVariantStatus } from './treeVariantStatus';
import { startTestEvents, testEvent, type MmuLensApi } from './testEvents';

export async function activate(context: vscode.ExtensionContext): Promise<MmuLensApi> {
  const started = Date.now();
  context.subscriptions.push(initLog());
  const testEvents = startTestEvents(context);
  try {
    const ctx = new LensContext(context);
    registerCommands(ctx);
    NotifierCodeLensProvider.activate(ctx);
    ScenarioCodeLensProvider.activate(ctx);
    registerTimelineSerializer(ctx);
    TreeVariantStatus.activate(ctx);
    const ms = Date.now() - started;
    log.info(`activated in ${ms} ms (${vscode.ExtensionMode[context.extensionMode]} mode)`);
    testEvent({ event: 'activated', ms });
    if (!testEvents) return {};
    return { testEvents, testSeams: { replaceRunner: (stand) => ctx.replaceRunner(stand) } };
  } catch (e) {
    log.error('activation failed', e);
    void vscode.window.showErrorMessage(
      `MMU Notifier Lens failed to activate: ${e instanceof Error ? e.message : e}`,
    );
    throw e;
  }
}

export function deactivate(): void {}
