// What the workspace tree would become with the patch series in an open patch document
// applied (the core applies the hunks in memory and re-detects), cached per document version.
// Lenses in that document then compare the tree with that variant instead of the setting's.
import type * as vscode from 'vscode';
import { analyzeSeries } from '../core/source/patch';
import { workspaceTreeReader } from './workspaceTree';
import { log } from './log';
import { testHook } from './testHooks';

interface Entry {
  version: number;
  /** undefined while the analysis runs, null when the series does not apply or stays unknown. */
  variant: string | null | undefined;
}

const cache = new Map<string, Entry>();

/**
 * The variant the series turns the tree into, if known for this version of the document; starts
 * the analysis otherwise and calls `onKnown` when it finishes.
 */
export function seriesVariantOf(doc: vscode.TextDocument, onKnown: () => void): string | undefined {
  const key = doc.uri.toString();
  const hit = cache.get(key);
  if (hit && hit.version === doc.version) return hit.variant ?? undefined;
  const read = workspaceTreeReader();
  if (!read) return undefined;
  const entry: Entry = { version: doc.version, variant: undefined };
  cache.set(key, entry);
  void analyzeSeries(doc.getText(), doc.fileName, read).then(
    (a) => {
      const after = a.treeAfter?.variant;
      entry.variant = a.failures.length === 0 && after && after !== 'unknown' ? after : null;
      const why = a.failures.length
        ? `${a.failures.length} hunk(s) do not apply`
        : `tree becomes ${after ?? 'unknown'}`;
      log.info(`patch series ${doc.fileName}: ${why}`);
      testHook('seriesVariant', { file: doc.fileName, variant: entry.variant, failures: a.failures.length });
      if (cache.get(key) === entry) onKnown();
    },
    (e: unknown) => {
      entry.variant = null;
      log.error(`patch series ${doc.fileName} could not be analysed`, e);
    },
  );
  return undefined;
}
