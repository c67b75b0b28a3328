// Worker thread (dist/seriesWorker.js): analyses a patch series against the workspace tree off
// the extension host's thread (#14 item 2): parse, apply in memory with fuzz, re-detect, read the
// series' intent from its hunks. Reads the tree through the core's confined reader, so a path
// from the patch can never leave the tree's root.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeSeries } from '../core/source/patch';
import { treeFileReader } from '../core/source/node';
import type { SeriesWorkerAnswer, SeriesWorkerRequest } from './seriesWorkerProtocol';

async function main(req: SeriesWorkerRequest): Promise<SeriesWorkerAnswer> {
  const a = await analyzeSeries(req.text, req.fileName, treeFileReader(req.root));
  const sim = a.simulate;
  return {
    type: 'result',
    variant: sim?.variant ?? null,
    label: sim?.label ?? null,
    basis: sim?.basis ?? null,
    summary: sim?.summary ?? a.diagnostics.map((d) => d.message).join('; '),
    failures: a.failures.length,
    outcomes: a.outcomes.map((o) => ({
      patch: o.patch,
      status: o.status,
      fuzz: Math.max(0, ...o.placed.map((p) => p.fuzz)),
    })),
    fromSeries: (sim?.fromSeries ?? []).map((r) => ({
      rule: r.rule,
      value: String(r.value),
      patch: r.patch,
    })),
  };
}

main(workerData as SeriesWorkerRequest).then(
  (m) => parentPort?.postMessage(m),
  (e: unknown) =>
    parentPort?.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
);
