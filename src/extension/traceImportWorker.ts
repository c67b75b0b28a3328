// Worker thread (dist/traceImportWorker.js): streams trace files through the core's importer off
// the extension host's thread, posting progress per chunk; the host cancels by terminating it.
import { parentPort, workerData } from 'node:worker_threads';
import { readTraceFiles, TraceImportError, withCompanions } from '../core/trace/node';
import type { TraceImportRequest, TraceWorkerToHost } from './traceImportRequest';

function post(m: TraceWorkerToHost): void {
  parentPort?.postMessage(m);
}

const req = workerData as TraceImportRequest;
let lastPost = 0;
withCompanions(req.paths)
  .then((paths) =>
    readTraceFiles(paths, {
      maxEvents: req.maxEvents,
      onProgress: (bytes, total) => {
        const now = Date.now();
        if (now - lastPost < 100 && bytes < total) return;
        lastPost = now;
        post({ type: 'progress', bytes, total });
      },
    }),
  )
  .then(
    (result) => post({ type: 'result', result }),
    (e: unknown) =>
      post({
        type: 'error',
        message: e instanceof Error ? e.message : String(e),
        refused: e instanceof TraceImportError,
      }),
  );
