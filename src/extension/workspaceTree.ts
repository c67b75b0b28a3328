// Reads files of the workspace's kernel tree (its first folder) by tree-relative path, for the
// core's detection and patch application; undefined when absent. Like the CLI's treeFileReader,
// only regular files within the 5 MB source limit are read (docs/limits.md): anything else makes
// the read reject with the reason, which detect shows as the probe's evidence. Every path is
// confined to the folder (#14 item 1): `..`, absolute and `.git` paths are refused before
// anything is touched, and on disk the real path (symlinks resolved) must stay inside the
// folder's real path.
import * as vscode from 'vscode';
import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { type ReadTreeFile, MAX_SOURCE_BYTES, isInsideRoot, treePathProblem } from '../core/source';

/** The URI of `rel` inside `folder`, or why it is refused (it leaves the folder). */
export async function confinedUri(
  folder: vscode.Uri,
  rel: string,
): Promise<{ uri: vscode.Uri } | { refused: string }> {
  const problem = treePathProblem(rel);
  if (problem) return { refused: problem };
  const uri = vscode.Uri.joinPath(folder, rel);
  if (folder.scheme === 'file') {
    try {
      const [root, real] = await Promise.all([realpath(folder.fsPath), realpath(uri.fsPath)]);
      if (!isInsideRoot(root, real, sep)) return { refused: `${rel} resolves outside the workspace folder` };
    } catch {
      // Absent: the caller's stat/read says so.
    }
  }
  return { uri };
}

export function workspaceTreeReader(): ReadTreeFile | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  return async (rel: string) => {
    const at = await confinedUri(folder.uri, rel);
    if ('refused' in at) return undefined;
    const uri = at.uri;
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
