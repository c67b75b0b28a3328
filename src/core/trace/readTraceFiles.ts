// NODE ONLY: reads the files of one real run — ftrace text (streamed in chunks, never whole),
// /proc/vmstat snapshots and results JSON with KVM stats — and builds the imported run. Used by
// the CLI, the extension's import worker and the bench. Progress is reported per chunk; an
// AbortSignal stops the read between chunks. A file that is not any of the three is refused with
// the reason (TraceImportError); a bad line inside a trace is a problem with file:line, skipped.
import { createReadStream } from 'node:fs';
import { access, open, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SimulationResult } from '../../protocol/simulation';
import type { ImportedFile, ImportProblem } from '../../protocol/traceImport';
import { looksBinary, looksLikeTraceDat } from './ftraceLine';
import { TraceBuilder, type TraceBuilderOptions } from './traceBuilder';
import {
  counterDeltas,
  jsonCounterDeltas,
  looksLikeVmstat,
  parseVmstat,
  VMSTAT_COUNTERS,
} from './counterFiles';
import { buildImportedResult, type CounterInput, type ImportLabel } from './traceResult';

export class TraceImportError extends Error {}

export interface ReadTraceOptions extends TraceBuilderOptions {
  signal?: AbortSignal;
  /** Bytes read so far over all trace files, and their total size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Lines at the start of a trace file in which a header or an event must appear; default 200. */
  sniffLines?: number;
}

type FileKind = 'ftrace' | 'vmstat' | 'json';

/** What a file is, from its first 64 KiB; throws TraceImportError with the reason when it is none. */
export async function classifyFile(path: string): Promise<FileKind> {
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(65536);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw new TraceImportError(`${path}: cannot read: ${(e as Error).message}`);
  }
  if (head.length === 0) throw new TraceImportError(`${path}: empty file, not a trace`);
  if (looksLikeTraceDat(head))
    throw new TraceImportError(
      `${path}: a trace-cmd binary file (trace.dat); convert it first: trace-cmd report -i ${basename(path)} > trace.txt`,
    );
  if (looksBinary(head)) throw new TraceImportError(`${path}: binary data, not ftrace text, vmstat or JSON`);
  const text = head.toString('utf8');
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  if (looksLikeVmstat(text)) return 'vmstat';
  return 'ftrace';
}

/** The files the oracle harness writes beside `<case>.trace.txt`, in the order they are read. */
const COMPANIONS = ['.vmstat-before.txt', '.vmstat-after.txt', '.json'];

/**
 * The paths plus the companions of each `<case>.trace.txt` that exist beside it and were not given
 * (`<case>.vmstat-before.txt`, `<case>.vmstat-after.txt`, `<case>.json`): picking the trace is enough.
 */
export async function withCompanions(paths: readonly string[]): Promise<string[]> {
  const out = [...paths];
  for (const p of paths) {
    const m = /^(.*)\.trace\.txt$/.exec(basename(p));
    if (!m) continue;
    for (const suffix of COMPANIONS) {
      const c = join(dirname(p), m[1] + suffix);
      if (out.includes(c)) continue;
      try {
        await access(c);
        out.push(c);
      } catch {
        // not there: the trace alone is imported
      }
    }
  }
  return out;
}

/** "real 6.1.0-57-amd64" for oracle/results/6.1.0-57-amd64/case.trace.txt; "real trace" otherwise. */
export function importLabel(paths: readonly string[]): ImportLabel {
  const p = paths[0] ?? 'trace';
  const dir = basename(dirname(p));
  const scenario = basename(p).split('.')[0] || 'trace';
  return { variant: /^\d+\.\d+/.test(dir) ? `real ${dir}` : `real ${scenario}`, scenario };
}

async function readFtrace(
  path: string,
  b: TraceBuilder,
  opts: ReadTraceOptions,
  progress: { done: number; total: number },
): Promise<ImportedFile> {
  b.startFile(path);
  const sniff = opts.sniffLines ?? 200;
  const st = await stat(path);
  let lineNo = 0;
  let carry = '';
  let bytes = 0;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const before = b.traceLines;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      if (opts.signal?.aborted) throw new TraceImportError('import cancelled');
      bytes += Buffer.byteLength(chunk, 'utf8');
      const text = carry + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        b.line(text.slice(start, end), ++lineNo);
        start = nl + 1;
        if (lineNo === sniff && b.traceLines === before) throw notATrace(path, sniff, text);
      }
      carry = text.slice(start);
      progress.done += Buffer.byteLength(chunk, 'utf8');
      opts.onProgress?.(progress.done, progress.total);
    }
    if (carry) b.line(carry, ++lineNo);
  } finally {
    stream.destroy();
  }
  if (b.traceLines === before) throw notATrace(path, lineNo, '');
  return {
    path,
    kind: 'ftrace',
    headerStyle: b.headerStyle,
    lines: lineNo,
    bytes: bytes || st.size,
  };
}

function notATrace(path: string, lines: number, text: string): TraceImportError {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return new TraceImportError(
    `${path}: not ftrace text: no "# tracer:" header, no trace-cmd "cpus=" line and no ` +
      `"TASK-PID [CPU] SECONDS: EVENT:" line in the first ${lines} lines` +
      (first ? ` (first line: ${JSON.stringify(first.slice(0, 80))})` : ''),
  );
}

/** Reads every file (trace text, vmstat snapshots, results JSON) into one imported run. */
export async function readTraceFiles(
  paths: readonly string[],
  opts: ReadTraceOptions = {},
): Promise<SimulationResult> {
  if (paths.length === 0) throw new TraceImportError('no files to import');
  const kinds = await Promise.all(paths.map(async (p) => ({ path: p, kind: await classifyFile(p) })));
  const traces = kinds.filter((k) => k.kind === 'ftrace');
  const total = (await Promise.all(traces.map((t) => stat(t.path)))).reduce((s, st) => s + st.size, 0);
  const b = new TraceBuilder(opts);
  const files: ImportedFile[] = [];
  const problems: ImportProblem[] = [];
  const inputs: CounterInput[] = [];
  const progress = { done: 0, total };
  let oracleCase: { name: string; json: unknown } | undefined;
  for (const t of traces) files.push(await readFtrace(t.path, b, opts, progress));
  const vmstats = kinds.filter((k) => k.kind === 'vmstat');
  const snaps: { path: string; snap: Map<string, number> }[] = [];
  for (const v of vmstats) {
    const text = await readFile(v.path, 'utf8');
    const series = parseVmstat(text, v.path, problems);
    files.push({ path: v.path, kind: 'vmstat', lines: text.split('\n').length, bytes: text.length });
    for (const s of series) snaps.push({ path: v.path, snap: s.values });
  }
  if (snaps.length === 1)
    throw new TraceImportError(
      `${snaps[0].path}: one /proc/vmstat snapshot gives no deltas; import it with the snapshot taken before (or after) the run`,
    );
  if (snaps.length >= 2) {
    // Files named *before* come first, *after* last; a series in one file is in its own order.
    const rank = (p: string): number => (/before/i.test(p) ? 0 : /after/i.test(p) ? 2 : 1);
    const order = snaps
      .map((s, i) => ({ s, i }))
      .sort((x, y) => rank(x.s.path) - rank(y.s.path) || x.i - y.i);
    inputs.push({ source: 'vmstat', deltas: counterDeltas(order[0].s.snap, order[order.length - 1].s.snap) });
  }
  for (const j of kinds.filter((k) => k.kind === 'json')) {
    const text = await readFile(j.path, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new TraceImportError(`${j.path}: not valid JSON: ${(e as Error).message}`);
    }
    const { groups, paths: found } = jsonCounterDeltas(json as Parameters<typeof jsonCounterDeltas>[0]);
    if (found.length === 0)
      throw new TraceImportError(
        `${j.path}: no counters found (expected the oracle's {"vmstat": {NAME: {"before", "after", "delta"}}, "kvm_vm": …}, ` +
          `{"before": {…}, "after": {…}} pairs, or a "kvm_stats"/"stats"/"deltas" object of numbers)`,
      );
    files.push({ path: j.path, kind: 'kvm_stats', lines: text.split('\n').length, bytes: text.length });
    const o = json as { case_name?: unknown; case?: unknown };
    if (typeof o.case_name === 'string' && typeof o.case === 'object' && o.case !== null)
      oracleCase = { name: o.case_name, json: o.case };
    const haveVmstat = inputs.some((i) => i.source === 'vmstat');
    for (const g of groups) {
      if (/tracepoint/i.test(g.section)) {
        // ftrace hist-trigger hits (exact, no ring-buffer loss), by "system:event".
        inputs.push({ source: 'tracepoint', deltas: g.deltas });
        continue;
      }
      const vmSection = /vmstat/i.test(g.section);
      if (vmSection && haveVmstat) continue; // the vmstat files measured the same window
      const vm: Record<string, number> = {};
      const kvm: Record<string, number> = {};
      for (const [k, v] of Object.entries(g.deltas))
        (vmSection || (VMSTAT_COUNTERS as readonly string[]).includes(k) ? vm : kvm)[k] = v;
      if (Object.keys(vm).length) inputs.push({ source: 'vmstat', deltas: vm });
      if (Object.keys(kvm).length) inputs.push({ source: 'kvm_stats', deltas: kvm });
    }
  }
  const result = buildImportedResult(
    b,
    inputs,
    files,
    problems,
    importLabel(traces.length ? traces.map((t) => t.path) : paths),
  );
  if (oracleCase && result.imported) result.imported.oracleCase = oracleCase;
  return result;
}
