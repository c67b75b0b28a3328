// Worker thread (dist/simulationWorker.js): runs the simulation core off the extension host's
// thread so the editor never blocks; the host cancels by terminating the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { runSimulationRequest } from '../core/sim';
import type { SimulationRequest, WorkerToHost } from './simulationRequest';

function post(m: WorkerToHost): void {
  parentPort?.postMessage(m);
}

try {
  const req = workerData as SimulationRequest;
  const { scenario, results } = runSimulationRequest(req, (variant, fraction) =>
    post({ type: 'progress', variant, fraction }),
  );
  post({ type: 'result', scenario, results });
} catch (e) {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
