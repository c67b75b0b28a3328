// The commands table: every command id and its factory, registered by one helper.
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import { log } from './log';
import { testHook } from './testHooks';
import {
  simulateSiteCommand,
  simulatePresetCommand,
  compareVariantsCommand,
  simulateTreeCommand,
} from './simulateCommands';
import { openScenarioCommand, runScenarioCommand } from './scenarioCommands';
import { exportTimelineCommand } from './exportCommand';
import { showInTimelineCommand } from './showInTimeline';
import { showTreeVariantCommand } from './treeVariantStatus';

type CommandFactory = (ctx: LensContext) => (...args: unknown[]) => unknown;

export const COMMANDS: Record<string, CommandFactory> = {
  'mmuNotifierLens.simulate': simulateSiteCommand,
  'mmuNotifierLens.simulatePreset': simulatePresetCommand,
  'mmuNotifierLens.compareVariants': compareVariantsCommand,
  'mmuNotifierLens.simulateTree': simulateTreeCommand,
  'mmuNotifierLens.openScenario': openScenarioCommand,
  'mmuNotifierLens.runScenario': runScenarioCommand,
  'mmuNotifierLens.exportTimeline': exportTimelineCommand,
  'mmuNotifierLens.showInTimeline': showInTimelineCommand,
  'mmuNotifierLens.showTreeVariant': showTreeVariantCommand,
  'mmuNotifierLens.showLog': () => () => log.show(),
};

/** Registers every command; a failing command logs and shows its error instead of vanishing. */
export function registerCommands(ctx: LensContext): void {
  for (const [id, factory] of Object.entries(COMMANDS)) {
    const handler = factory(ctx);
    ctx.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          log.error(`${id} failed`, e);
          testHook('commandFailed', { id, message: e instanceof Error ? e.message : String(e) });
          void vscode.window.showErrorMessage(
            `MMU Notifier Lens: ${e instanceof Error ? e.message : String(e)}`,
          );
          return undefined;
        }
      }),
    );
  }
}
