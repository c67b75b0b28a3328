// Typed view of the `mmuNotifierLens.*` settings.
import * as vscode from 'vscode';

export type SiteKindSetting = 'calls' | 'opsFields' | 'handlers' | 'patches';

export class Config {
  static readonly section = 'mmuNotifierLens';

  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Config.section);
  }

  /** Master switch for every lens. */
  get codeLensEnabled(): boolean {
    return this.cfg.get<boolean>('codeLens.enabled', true);
  }

  /** Per-kind lens switches (calls, ops initialiser fields, handler definitions, patch files). */
  lensKindEnabled(kind: SiteKindSetting): boolean {
    return this.codeLensEnabled && this.cfg.get<boolean>(`codeLens.${kind}`, true);
  }

  /** The workspace tree's variant: "auto" (detected) or a variant id that overrides detection. */
  get treeVariant(): string {
    return this.cfg.get<string>('treeVariant', 'auto');
  }

  /** The variant under review that lenses compare the tree against. */
  get reviewVariant(): string {
    return this.cfg.get<string>('reviewVariant', 'rfc-v2');
  }

  /** Simulated seconds for lens-started runs (0 = the preset's own duration). */
  get durationS(): number {
    return this.cfg.get<number>('simulation.durationS', 0);
  }

  static affects(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(Config.section);
  }
}
