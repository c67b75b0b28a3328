// "Export timeline…": Perfetto / Chrome trace-event JSON, SVG, PNG or a plain-text summary
// of the run on screen, written atomically (a temporary file renamed into place).
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import { TimelinePanel } from './timelinePanel';
import { toPerfettoTrace, toTextSummary } from '../core/export';
import type { ExportFormat } from '../protocol/messages';
import { log } from './log';
import { testEvent } from './testEvents';

const FORMATS: { format: ExportFormat; label: string; ext: string; detail: string }[] = [
  {
    format: 'perfetto',
    label: 'Perfetto / Chrome trace JSON',
    ext: 'json',
    detail: 'Opens in ui.perfetto.dev or chrome://tracing; one track per lane',
  },
  { format: 'svg', label: 'SVG image', ext: 'svg', detail: 'The timeline as drawn, vector' },
  { format: 'png', label: 'PNG image', ext: 'png', detail: 'The timeline as drawn, bitmap' },
  {
    format: 'text',
    label: 'Plain-text summary',
    ext: 'txt',
    detail: 'Counters per variant with deltas, for an email reply',
  },
];

export async function writeFileAtomically(target: vscode.Uri, data: Uint8Array): Promise<void> {
  const tmp = target.with({ path: `${target.path}.tmp-${process.pid}-${Date.now()}` });
  await vscode.workspace.fs.writeFile(tmp, data);
  try {
    await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
  } catch (e) {
    await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
    throw e;
  }
}

/** Produces the bytes of one export of the panel's current run. */
export async function exportBytes(panel: TimelinePanel, format: ExportFormat): Promise<Uint8Array> {
  const run = panel.run;
  if (!run) throw new Error('the timeline shows no simulation yet');
  switch (format) {
    case 'perfetto':
      return Buffer.from(JSON.stringify(toPerfettoTrace(run)));
    case 'text':
      return Buffer.from(toTextSummary(run));
    case 'svg':
      return Buffer.from(await panel.requestExport('svg'));
    case 'png': {
      const dataUrl = await panel.requestExport('png');
      const comma = dataUrl.indexOf(',');
      return Buffer.from(dataUrl.slice(comma + 1), 'base64');
    }
  }
}

export const exportTimelineCommand =
  (_ctx: LensContext) => async (formatArg?: unknown, targetArg?: unknown) => {
    const panel = TimelinePanel.current;
    if (!panel?.run)
      throw new Error('nothing to export: run a simulation first (a "Simulate" lens or "Simulate preset…")');
    const chosen =
      FORMATS.find((f) => f.format === formatArg) ??
      (await vscode.window.showQuickPick(FORMATS, { title: 'MMU Notifier Lens: export the timeline as…' }));
    if (!chosen) return undefined;
    const base = (vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd())).with({});
    const slug = panel.run.title.replace(/[^A-Za-z0-9.+-]+/g, '-').replace(/^-|-$/g, '');
    const target =
      targetArg instanceof vscode.Uri
        ? targetArg
        : typeof targetArg === 'string'
          ? vscode.Uri.file(targetArg)
          : await vscode.window.showSaveDialog({
              defaultUri: vscode.Uri.joinPath(base, `${slug}.${chosen.ext}`),
              filters: { [chosen.label]: [chosen.ext] },
            });
    if (!target) return undefined;
    const bytes = await exportBytes(panel, chosen.format);
    await writeFileAtomically(target, bytes);
    log.info(`exported ${chosen.format} (${bytes.length} bytes) to ${target.fsPath}`);
    testEvent({ event: 'exported', format: chosen.format, path: target.fsPath, bytes: bytes.length });
    void vscode.window.showInformationMessage(`MMU Notifier Lens: timeline exported to ${target.fsPath}`);
    return target.fsPath;
  };
