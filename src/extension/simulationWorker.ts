// LOST FILE — PLEASE REWRITE. The lead's simulationWorker.ts was overwritten by accident at
// 19:48:25 UTC by the test-harness helper (a shell command meant for a scratch copy ran in
// /work/main). Its original content could not be recovered. This placeholder only keeps
// the build going: every simulation answers with an error naming this file.
import { parentPort } from 'node:worker_threads';
import type { WorkerToHost } from './simulationRequest';

const reply: WorkerToHost = {
  type: 'error',
  message: 'src/extension/simulationWorker.ts was lost and is a placeholder: rewrite it',
};
parentPort?.postMessage(reply);
