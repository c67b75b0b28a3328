// Runs a SimulationRequest in a worker thread with a cancellable progress notification.
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import type { SimulationResult } from '../protocol/simulation';
import type { SimulationRequest, WorkerToHost } from './simulationRequest';
import { log } from './log';

export interface SimulationOutcome {
  scenario: string;
  results: SimulationResult[];
}

export class SimulationRunner {
  constructor(private readonly extensionPath: string) {}

  /** Runs in a worker; resolves undefined when the user cancelled. Rejects with the core's error message. */
  run(req: SimulationRequest, title: string): Thenable<SimulationOutcome | undefined> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) =>
        this.runInWorker(req, token, (variant, fraction) => {
          progress.report({ message: `${variant} ${Math.round(fraction * 100)}%` });
        }),
    );
  }

  runInWorker(
    req: SimulationRequest,
    token: vscode.CancellationToken | undefined,
    onProgress: (variant: string, fraction: number) => void,
  ): Promise<SimulationOutcome | undefined> {
    const started = Date.now();
    const worker = new Worker(path.join(this.extensionPath, 'dist', 'simulationWorker.js'), {
      workerData: req,
    });
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (f: () => void): void => {
        if (settled) return;
        settled = true;
        sub?.dispose();
        void worker.terminate();
        f();
      };
      const sub = token?.onCancellationRequested(() => {
        log.info(`simulation cancelled after ${Date.now() - started} ms`);
        finish(() => resolve(undefined));
      });
      worker.on('message', (m: WorkerToHost) => {
        if (m.type === 'progress') onProgress(m.variant, m.fraction);
        else if (m.type === 'result') {
          log.info(`simulated ${m.scenario} on ${req.variants.join(', ')} in ${Date.now() - started} ms`);
          finish(() => resolve({ scenario: m.scenario, results: m.results }));
        } else finish(() => reject(new Error(m.message)));
      });
      worker.on('error', (e) => finish(() => reject(e)));
      worker.on('exit', (code) =>
        finish(() => reject(new Error(`simulation worker exited with code ${code}`))),
      );
    });
  }
}
