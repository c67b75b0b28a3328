// Runs a trace import in a worker thread with a cancellable progress notification (MB read of MB).
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { SimulationResult } from '../protocol/simulation';
import type { TraceImportRequest, TraceWorkerToHost } from './traceImportRequest';
import { log } from './log';

/** The import worker's old-space limit: 256 MiB plus 512 bytes per event kept one by one (768 at least). */
export function importHeapLimitMb(maxEvents: number): number {
  return Math.max(768, 256 + Math.ceil((maxEvents * 512) / 1048576));
}

const mb = (b: number): string => (b / 1048576).toFixed(b < 10 * 1048576 ? 1 : 0);

/** Resolves the imported run, or undefined when the user cancelled; rejects with the importer's message. */
export function importTraceInWorker(
  extensionPath: string,
  req: TraceImportRequest,
): Thenable<SimulationResult | undefined> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `MMU Notifier Lens: importing ${req.paths.map((p) => path.basename(p)).join(', ')}`,
      cancellable: true,
    },
    (progress, token) =>
      new Promise<SimulationResult | undefined>((resolve, reject) => {
        const started = Date.now();
        // A heap limit makes V8 collect garbage as it goes, so memory stays near what the run keeps
        // (about 320 bytes per kept event; bench/traceImport.ts) instead of growing with the file.
        const worker = new Worker(path.join(extensionPath, 'dist', 'traceImportWorker.js'), {
          workerData: req,
          resourceLimits: { maxOldGenerationSizeMb: importHeapLimitMb(req.maxEvents) },
        });
        let settled = false;
        let reported = 0;
        const finish = (f: () => void): void => {
          if (settled) return;
          settled = true;
          sub.dispose();
          void worker.terminate();
          f();
        };
        const sub = token.onCancellationRequested(() => {
          log.info(`trace import cancelled after ${Date.now() - started} ms`);
          finish(() => resolve(undefined));
        });
        worker.on('message', (m: TraceWorkerToHost) => {
          if (m.type === 'progress') {
            const fraction = m.total > 0 ? m.bytes / m.total : 0;
            progress.report({
              message: `${mb(m.bytes)} of ${mb(m.total)} MB`,
              increment: Math.max(0, fraction * 100 - reported),
            });
            reported = Math.max(reported, fraction * 100);
          } else if (m.type === 'result') {
            const s = (Date.now() - started) / 1000;
            log.info(
              `imported ${req.paths.join(', ')} in ${s.toFixed(1)} s: ${m.result.timeline.events.length} events`,
            );
            finish(() => resolve(m.result));
          } else finish(() => reject(new Error(m.message)));
        });
        worker.on('error', (e) => finish(() => reject(e)));
        worker.on('exit', (code) =>
          finish(() => reject(new Error(`trace import worker exited with code ${code}`))),
        );
      }),
  );
}
