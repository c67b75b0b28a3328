// Reads files of the workspace's kernel tree (its first folder) by tree-relative path, for the
// core's detection and patch application; undefined when absent.
import * as vscode from 'vscode';
import type { ReadTreeFile } from '../core/source/types';

export function workspaceTreeReader(): ReadTreeFile | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  return async (rel: string) => {
    try {
      return Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, rel))).toString(
        'utf8',
      );
    } catch {
      return undefined;
    }
  };
}
