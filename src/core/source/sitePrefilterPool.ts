// NODE ONLY: the folder scan's prefilter in parallel. A folder's files are cut into shares of
// consecutive files; the scanning thread and up to three prefilter workers (worker_threads, each
// reading with its own buffer) take shares until none is left, so reading the tree is spread over
// the machine's cores. Without a worker script, or for a small folder, the scanning thread does all
// shares alone, giving the event loop a turn between them. A worker that fails hands its share back.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { prefilterFiles, PREFILTER_READ_BYTES, type PrefilterResult } from './sitePrefilter';

/** Where the prefilter worker is (dist/sitePrefilterWorker.js), how to start it, and how many. */
export interface PrefilterWorkers {
  script: string;
  /** e.g. a TypeScript loader when the script is the .ts source (tests). */
  execArgv?: string[];
  /** Workers beside the scanning thread; default: one fewer than the cores, at most 3. */
  count?: number;
}

/** A share of consecutive files, sent to a worker. */
export interface PrefilterShare {
  id: number;
  files: string[];
}

/** A worker's answer for one share (indices into the share). */
export interface PrefilterReply {
  id: number;
  result: PrefilterResult;
}

/** Files per share: large enough that a message costs little, small enough to balance the threads. */
export const SHARE_FILES = 256;

export function defaultWorkerCount(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/** Prefilters every file; `workers` says how many threads beside this one read (0 without a script). */
export async function prefilterTree(
  files: readonly string[],
  workers?: PrefilterWorkers,
): Promise<PrefilterResult & { threads: number }> {
  const shares = Math.ceil(files.length / SHARE_FILES);
  const results: PrefilterResult[] = new Array(shares);
  const queue: number[] = [];
  let next = 0;
  const take = (): number | undefined => queue.pop() ?? (next < shares ? next++ : undefined);
  const bounds = (id: number): [number, number] => [
    id * SHARE_FILES,
    Math.min(files.length, (id + 1) * SHARE_FILES),
  ];

  const count = workers && shares > 1 ? Math.min(workers.count ?? defaultWorkerCount(), shares - 1) : 0;
  const pool = Array.from({ length: count }, () =>
    startWorker(workers!, take, bounds, files, results, queue),
  );
  const buf = Buffer.allocUnsafe(PREFILTER_READ_BYTES);
  const runHere = async (): Promise<void> => {
    for (let id = take(); id !== undefined; id = take()) {
      const [from, to] = bounds(id);
      results[id] = prefilterFiles(files, from, to, buf);
      await new Promise<void>((r) => setImmediate(r));
    }
  };
  await runHere();
  const started = await Promise.all(pool.map((w) => w.done));
  await runHere(); // shares handed back by a worker that failed after this thread ran out
  await Promise.all(pool.map((w) => w.worker?.terminate()));

  const merged: PrefilterResult & { threads: number } = {
    read: 0,
    hits: [],
    errors: [],
    threads: 1 + started.filter(Boolean).length,
  };
  for (const r of results) {
    merged.read += r.read;
    for (const h of r.hits) merged.hits.push(h);
    for (const e of r.errors) merged.errors.push(e);
  }
  return merged;
}

/** One worker taking shares until none is left; `done` says whether it did any. */
function startWorker(
  spec: PrefilterWorkers,
  take: () => number | undefined,
  bounds: (id: number) => [number, number],
  files: readonly string[],
  results: PrefilterResult[],
  queue: number[],
): { worker?: Worker; done: Promise<boolean> } {
  let worker: Worker;
  try {
    worker = new Worker(spec.script, { execArgv: spec.execArgv });
  } catch {
    return { done: Promise.resolve(false) };
  }
  let current: number | undefined;
  let did = false;
  const done = new Promise<boolean>((resolve) => {
    const send = (): void => {
      current = take();
      if (current === undefined) return resolve(did);
      const [from, to] = bounds(current);
      const share: PrefilterShare = { id: current, files: files.slice(from, to) };
      worker.postMessage(share);
    };
    worker.on('message', (reply: PrefilterReply) => {
      const [from] = bounds(reply.id);
      const r = reply.result;
      results[reply.id] = {
        read: r.read,
        hits: r.hits.map((h) => h + from),
        errors: r.errors.map((e) => ({ index: e.index + from, why: e.why })),
      };
      did = true;
      send();
    });
    const fail = (): void => {
      if (current !== undefined) queue.push(current);
      current = undefined;
      resolve(did);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    send();
  });
  return { worker, done };
}

/** The bundled worker (`sitePrefilterWorker.js`) in `dir` (the CLI's dist/), if it is there. */
export function bundledPrefilterWorkers(dir: string): PrefilterWorkers | undefined {
  const script = join(dir, 'sitePrefilterWorker.js');
  return existsSync(script) ? { script } : undefined;
}
