// The commands table: every command id and its factory, registered by one helper.
import { COMMAND, type CommandName } from './ids';
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import { log } from './log';
import { testEvent } from './testEvents';
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
import { simulateOracleCaseCommand } from './oracleCaseCommand';
import { importTraceCommand, compareWithSimulationCommand } from './importCommands';

type CommandFactory = (ctx: LensContext) => (...args: unknown[]) => unknown;

/** One factory per command: a command added to COMMAND does not compile until it is here. */
export const COMMANDS: Record<CommandName, CommandFactory> = {
  simulate: simulateSiteCommand,
  simulatePreset: simulatePresetCommand,
  simulateOracleCase: simulateOracleCaseCommand,
  compareVariants: compareVariantsCommand,
  simulateTree: simulateTreeCommand,
  openScenario: openScenarioCommand,
  runScenario: runScenarioCommand,
  exportTimeline: exportTimelineCommand,
  showInTimeline: showInTimelineCommand,
  showTreeVariant: showTreeVariantCommand,
  importTrace: importTraceCommand,
  compareWithSimulation: compareWithSimulationCommand,
  showLog: () => () => log.show(),
};

/** Registers every command; a failing command logs and shows its error instead of vanishing. */
export function registerCommands(ctx: LensContext): void {
  for (const [name, factory] of Object.entries(COMMANDS) as [CommandName, CommandFactory][]) {
    const id = COMMAND[name];
    const handler = factory(ctx);
    ctx.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          log.error(`${id} failed`, e);
          testEvent({ event: 'commandFailed', id, message: e instanceof Error ? e.message : String(e) });
          void vscode.window.showErrorMessage(
            `MMU Notifier Lens: ${e instanceof Error ? e.message : String(e)}`,
          );
          return undefined;
        }
      }),
    );
  }
}
