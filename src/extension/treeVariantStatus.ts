// The workspace tree's kernel variant: detected once by the core (Makefile version plus
// feature probes), shown in the status bar with the evidence on hover; a setting overrides it.
import { Config } from './config';
import { COMMAND, SETTING, TREE_VARIANT_STATUS_ID, settingKey } from './ids';
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import { detectTreeVariant, type TreeDetection } from '../core/source/detect';
import { log } from './log';
import { testEvent } from './testEvents';
import { workspaceTreeReader } from './workspaceTree';

/** Variant used when the workspace is not a kernel tree and no setting names one. */
export const FALLBACK_VARIANT = 'v6.12';

export function treeVariantOf(ctx: LensContext): string {
  const override = ctx.config.treeVariant;
  if (override && override !== 'auto') return override;
  return ctx.treeDetection?.variant && ctx.treeDetection.variant !== 'unknown'
    ? ctx.treeDetection.variant
    : (ctx.treeDetection?.closest ?? FALLBACK_VARIANT);
}

/** The tree's variant and the variant under review (once if they are the same): what lens and
 * preset runs compare by default, the tree's first so that deltas are against it. */
export function treeAndReviewVariants(ctx: LensContext, review = ctx.config.reviewVariant): string[] {
  const tree = treeVariantOf(ctx);
  return tree === review ? [tree] : [tree, review];
}

function evidenceMarkdown(
  d: TreeDetection | undefined,
  shown: string,
  overridden: boolean,
): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**MMU Notifier Lens** — lenses simulate this tree as \`${shown}\``);
  if (overridden) md.appendMarkdown(' (set by `mmuNotifierLens.treeVariant`)');
  md.appendMarkdown('\n\n');
  if (!d) {
    md.appendMarkdown('No kernel tree detected in this workspace.');
    return md;
  }
  md.appendMarkdown(`Detected: \`${d.variant}\`${d.version ? ` — Linux ${d.version}` : ''}\n\n`);
  for (const e of d.evidence) {
    md.appendMarkdown(`- ${e.found ? '✓' : '✗'} ${e.probe} — \`${e.file}${e.line ? `:${e.line}` : ''}\`\n`);
  }
  return md;
}

export class TreeVariantStatus {
  private readonly item = vscode.window.createStatusBarItem(
    TREE_VARIANT_STATUS_ID,
    vscode.StatusBarAlignment.Left,
    10,
  );

  static activate(ctx: LensContext): TreeVariantStatus {
    const status = new TreeVariantStatus(ctx);
    ctx.subscriptions.push(
      status.item,
      Config.onDidChange((e) => {
        if (e.affects(SETTING.treeVariant)) {
          status.render();
          ctx.fireTreeVariantChanged();
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void status.detect()),
    );
    void status.detect();
    return status;
  }

  private constructor(private readonly ctx: LensContext) {
    this.item.name = 'MMU Notifier Lens: kernel variant';
    this.item.command = COMMAND.showTreeVariant;
  }

  async detect(): Promise<void> {
    const read = workspaceTreeReader();
    if (!read) return;
    const started = Date.now();
    try {
      const d = await detectTreeVariant(read);
      this.ctx.treeDetection = d.version || d.evidence.some((e) => e.found) ? d : undefined;
      log.info(`tree variant: ${d.variant} (Linux ${d.version ?? '?'}) in ${Date.now() - started} ms`);
      testEvent({ event: 'treeVariant', variant: d.variant, version: d.version });
    } catch (e) {
      log.error('kernel variant detection failed', e);
    }
    this.render();
    this.ctx.fireTreeVariantChanged();
  }

  render(): void {
    const shown = treeVariantOf(this.ctx);
    const overridden = this.ctx.config.treeVariant !== 'auto';
    if (!this.ctx.treeDetection && !overridden) {
      this.item.hide();
      return;
    }
    this.item.text = `$(pulse) ${shown}`;
    this.item.tooltip = evidenceMarkdown(this.ctx.treeDetection, shown, overridden);
    this.item.show();
  }
}

export const showTreeVariantCommand = (ctx: LensContext) => async () => {
  const d = ctx.treeDetection;
  const shown = treeVariantOf(ctx);
  const lines = d
    ? [
        `Detected ${d.variant} (Linux ${d.version ?? '?'})`,
        ...d.evidence.map(
          (e) => `${e.found ? '✓' : '✗'} ${e.probe} — ${e.file}${e.line ? ':' + e.line : ''}`,
        ),
      ]
    : ['No kernel tree detected in this workspace.'];
  const choice = await vscode.window.showInformationMessage(
    `MMU Notifier Lens simulates this tree as ${shown}.`,
    { modal: true, detail: lines.join('\n') },
    'Override…',
  );
  if (choice === 'Override…') {
    await vscode.commands.executeCommand('workbench.action.openSettings', settingKey(SETTING.treeVariant));
  }
  return shown;
};
