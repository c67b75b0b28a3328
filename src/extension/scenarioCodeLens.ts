// A "Run scenario" lens at the top of every *.mmulens.json file.
import { COMMAND } from './ids';
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';

export class ScenarioCodeLensProvider implements vscode.CodeLensProvider {
  static activate(ctx: LensContext): void {
    ctx.subscriptions.push(
      vscode.languages.registerCodeLensProvider(
        { pattern: '**/*.mmulens.json' },
        new ScenarioCodeLensProvider(ctx),
      ),
    );
  }

  private constructor(private readonly ctx: LensContext) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.ctx.config.codeLensEnabled) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, {
        title: '▶ Run scenario',
        command: COMMAND.runScenario,
        arguments: [doc.uri],
      }),
    ];
  }
}
