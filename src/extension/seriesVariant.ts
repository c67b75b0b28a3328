// What the workspace tree would become with the patch series in an open patch document applied,
// cached per document version. The analysis (apply with fuzz, re-detect, intent from the hunks)
// runs in a worker thread (dist/seriesWorker.js), never on the extension host's thread, and the
// text is bounded as the CLI bounds a file. Lenses in that document then compare the tree with
// that variant: the patched tree's variant when the series applies (6.1 + RFC v2 → rfc-v2), else
// the tree's rules plus the series' rules (`v6.12 + series rules`).
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { MAX_PATCH_CHARS } from '../core/source/patch';
import type { SeriesWorkerAnswer, SeriesWorkerRequest } from './seriesWorkerProtocol';
import { log } from './log';
import { testEvent } from './testEvents';

export interface SeriesVariant {
  variant: string;
  label: string;
}

interface Entry {
  version: number;
  /** undefined while the analysis runs, null when there is nothing to simulate. */
  result: SeriesVariant | null | undefined;
}

const cache = new Map<string, Entry>();
const WORKER_TIMEOUT_MS = 60_000;

/** Runs the series worker; rejects on its error, a crash or a timeout (the worker is then ended). */
export function runSeriesWorker(
  extensionPath: string,
  req: SeriesWorkerRequest,
): Promise<SeriesWorkerAnswer> {
  const worker = new Worker(path.join(extensionPath, 'dist', 'seriesWorker.js'), {
    workerData: req,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      f();
    };
    const timer = setTimeout(
      () =>
        finish(() => reject(new Error(`series analysis took over ${WORKER_TIMEOUT_MS / 1000} s; stopped`))),
      WORKER_TIMEOUT_MS,
    );
    worker.on('message', (m: SeriesWorkerAnswer) => finish(() => resolve(m)));
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`series worker exited with code ${code}`))));
  });
}

/**
 * The variant the series turns the tree into, if known for this version of the document; starts
 * the analysis otherwise and calls `onKnown` when it finishes.
 */
export function seriesVariantOf(
  doc: vscode.TextDocument,
  extensionPath: string,
  onKnown: () => void,
): SeriesVariant | undefined {
  const key = doc.uri.toString();
  const hit = cache.get(key);
  if (hit && hit.version === doc.version) return hit.result ?? undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const entry: Entry = { version: doc.version, result: undefined };
  cache.set(key, entry);
  const text = doc.getText();
  if (text.length > MAX_PATCH_CHARS) {
    entry.result = null;
    log.warn(`patch series ${doc.fileName}: ${text.length} characters, over the 5 MB limit; not analysed`);
    return undefined;
  }
  const started = Date.now();
  void runSeriesWorker(extensionPath, {
    text,
    fileName: path.basename(doc.fileName),
    root: folder.uri.fsPath,
  })
    .then((a) => {
      if (a.type === 'error') throw new Error(a.message);
      entry.result = a.variant && a.label ? { variant: a.variant, label: a.label } : null;
      log.info(`patch series ${doc.fileName} (${Date.now() - started} ms): ${a.summary}`);
      for (const o of a.outcomes) log.info(`  ${o.patch}: ${o.status}${o.fuzz ? ` (fuzz ${o.fuzz})` : ''}`);
      for (const r of a.fromSeries) log.info(`  rule ${r.rule} = ${r.value} from patch ${r.patch}`);
      testEvent({
        event: 'seriesVariant',
        file: doc.fileName,
        variant: a.variant,
        label: a.label,
        basis: a.basis,
        failures: a.failures,
        outcomes: a.outcomes,
        fromSeries: a.fromSeries,
        summary: a.summary,
      });
      if (cache.get(key) === entry) onKnown();
    })
    .catch((e: unknown) => {
      entry.result = null;
      log.error(`patch series ${doc.fileName} could not be analysed`, e);
      testEvent({ event: 'seriesVariant', file: doc.fileName, variant: null, error: String(e) });
    });
  return undefined;
}
