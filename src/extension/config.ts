// Typed view of the `mmuNotifierLens.*` settings, and the one change event every listener uses.
import * as vscode from 'vscode';
import { PREFIX, SETTING, settingKey } from './ids';

export type SiteKindSetting = 'calls' | 'opsFields' | 'handlers' | 'patches';

/** A settings change, asked by key below the section ("treeVariant", "codeLens", …). */
export interface ConfigChange {
  affects(...keys: string[]): boolean;
}

export class Config {
  static readonly section = PREFIX;

  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Config.section);
  }

  /** Master switch for every lens. */
  get codeLensEnabled(): boolean {
    return this.cfg.get<boolean>(SETTING.codeLensEnabled, true);
  }

  /** Per-kind lens switches (calls, ops initialiser fields, handler definitions, patch files). */
  lensKindEnabled(kind: SiteKindSetting): boolean {
    return this.codeLensEnabled && this.cfg.get<boolean>(`codeLens.${kind}`, true);
  }

  /** The workspace tree's variant: "auto" (detected) or a variant id that overrides detection. */
  get treeVariant(): string {
    return this.cfg.get<string>(SETTING.treeVariant, 'auto');
  }

  /** The variant under review that lenses compare the tree against. */
  get reviewVariant(): string {
    return this.cfg.get<string>(SETTING.reviewVariant, 'rfc-v2');
  }

  /** Simulated seconds for preset runs (0 = the preset's own duration). */
  get durationS(): number {
    return this.cfg.get<number>(SETTING.durationS, 0);
  }

  /** Events of an imported trace kept one by one; the rest merge into time slots. */
  get importMaxEvents(): number {
    return Math.max(1000, this.cfg.get<number>(SETTING.importMaxEvents, 1_000_000));
  }

  /** Calls `listener` on every change to this extension's settings. */
  static onDidChange(listener: (change: ConfigChange) => unknown): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(Config.section)) return;
      listener({ affects: (...keys) => keys.some((k) => e.affectsConfiguration(settingKey(k))) });
    });
  }
}
