// Reads files of the workspace's kernel tree (its first folder) by tree-relative path, for the
// core's detection and patch application; undefined when absent. Like the CLI's treeFileReader,
// only regular files within the 5 MB source limit are read (docs/limits.md): anything else makes
// the read reject with the reason, which detect shows as the probe's evidence.
import * as vscode from 'vscode';
import type { ReadTreeFile } from '../core/source/types';
import { MAX_SOURCE_BYTES } from '../core/source/inputChecks';

export function workspaceTreeReader(): ReadTreeFile | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  return async (rel: string) => {
    const uri = vscode.Uri.joinPath(folder.uri, rel);
    let st: vscode.FileStat;
    try {
      st = await vscode.workspace.fs.stat(uri);
    } catch {
      return undefined;
    }
    if ((st.type & vscode.FileType.File) === 0)
      throw new Error(
        `${rel}: ${st.type & vscode.FileType.Directory ? 'a folder' : 'not a regular file'}; not read`,
      );
    if (st.size > MAX_SOURCE_BYTES)
      throw new Error(`${rel}: file is ${st.size} bytes, over the 5 MB limit; not read`);
    try {
      return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    } catch {
      return undefined;
    }
  };
}
