// Jump from a timeline event's cause chain (file:function) to that kernel function in the
// workspace tree: the file by its tree-relative path, the definition by the core's locator,
// workspace symbols as the fallback.
import * as vscode from 'vscode';
import type { SourceRef } from '../protocol/simulation';
import { findFunctionDefinition } from '../core/navigation';
import { log } from './log';
import { testEvent } from './testEvents';
import { treePathProblem } from '../core/source';
import { confinedUri } from './workspaceTree';

async function findKernelFile(relPath: string): Promise<vscode.Uri | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const at = await confinedUri(folder.uri, relPath);
    if ('refused' in at) {
      log.warn(`openSource: ${at.refused}; not opened`);
      return undefined;
    }
    const uri = at.uri;
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // not in this folder
    }
  }
  // Only a plain path becomes a glob (no `*`, `?`, `{`, `[` from the page).
  if (!/^[\w.+/-]+$/.test(relPath)) return undefined;
  const found = await vscode.workspace.findFiles(`**/${relPath}`, '**/node_modules/**', 1);
  return found[0];
}

export async function openKernelFunction(ref: SourceRef): Promise<vscode.TextEditor | undefined> {
  const refused = treePathProblem(ref.file);
  if (refused) {
    log.warn(`openSource from the timeline: ${refused}; not opened`);
    testEvent({ event: 'openSourceRefused', file: ref.file, reason: refused });
    void vscode.window.showWarningMessage(`MMU Notifier Lens: ${refused}; not opened.`);
    return undefined;
  }
  const uri = await findKernelFile(ref.file);
  if (uri) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const def = findFunctionDefinition(doc.getText(), ref.fn);
    if (def) {
      const pos = new vscode.Position(def.line - 1, def.column);
      const editor = await vscode.window.showTextDocument(doc, {
        viewColumn: vscode.ViewColumn.One,
        selection: new vscode.Range(pos, pos.translate(0, ref.fn.length)),
      });
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
      testEvent({ event: 'openedSource', file: ref.file, fn: ref.fn, line: def.line });
      return editor;
    }
  }
  const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
    'vscode.executeWorkspaceSymbolProvider',
    ref.fn,
  );
  const sym = symbols?.find((s) => s.name === ref.fn);
  if (sym) {
    const editor = await vscode.window.showTextDocument(sym.location.uri, { selection: sym.location.range });
    testEvent({
      event: 'openedSource',
      file: ref.file,
      fn: ref.fn,
      line: sym.location.range.start.line + 1,
    });
    return editor;
  }
  log.warn(`${ref.fn}() not found in ${ref.file} of this workspace`);
  void vscode.window.showWarningMessage(
    `MMU Notifier Lens: ${ref.fn}() (${ref.file}) is not in this workspace. Open a kernel tree to jump to it.`,
  );
  return undefined;
}
