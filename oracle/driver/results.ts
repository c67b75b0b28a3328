// The data port's files → result JSON per case (oracle/result.schema.json), validated, written to
// <out>/<kernel package version>/<case>.json with the raw files beside it, and <out>/index.json.
import Ajv from 'ajv';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelFacts, OracleCase, OracleResult, OracleResultsIndex } from '../../src/core/oracle';
import resultSchema from '../result.schema.json';

/** "@@oracle-file NAME" … "@@oracle-end" blocks of the data port (ttyS1), by name. */
export function parseDataPort(text: string): Map<string, string> {
  const files = new Map<string, string>();
  const lines = text.replace(/\r/g, '').split('\n');
  let name: string | null = null;
  let body: string[] = [];
  for (const line of lines) {
    if (name === null) {
      const m = /^@@oracle-file (\S+)$/.exec(line);
      if (m) {
        name = m[1];
        body = [];
      }
    } else if (line === '@@oracle-end') {
      files.set(name, body.join('\n').replace(/\n$/, '') + '\n');
      name = null;
    } else body.push(line);
  }
  return files;
}

/** kernel.json from L2 + the package facts from the host. */
export function kernelFacts(
  series: '6.1' | '6.12',
  pkg: string,
  version: string,
  json?: string,
): KernelFacts {
  const k: KernelFacts = {
    series,
    package: pkg,
    package_version: version,
    uname_r: 'unknown',
    preempt: 'unknown',
  };
  if (!json) return k;
  const l2 = JSON.parse(json) as Partial<KernelFacts>;
  const modes = (l2.preempt_modes ?? '').trim();
  const m = /\((\w+)\)/.exec(modes);
  return {
    ...k,
    uname_r: l2.uname_r ?? 'unknown',
    preempt: m ? m[1] : `unknown (${modes || 'no /sys/kernel/debug/sched/preempt'})`,
    preempt_modes: modes,
    cmdline: l2.cmdline,
    kvm_params: l2.kvm_params,
    numa_balancing_params: l2.numa_balancing_params,
  };
}

const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(resultSchema);

export interface CaseRun {
  c: OracleCase;
  kernel: KernelFacts;
  qemu: string;
  date: string;
  wallS?: number;
  /** The VMM's measurement file, when it wrote one. */
  measurement?: string;
  /** Why there is no measurement (VMM exit code, console tail). */
  error?: string;
}

export function composeResult(run: CaseRun): OracleResult {
  const head = {
    case_name: run.c.name,
    case: run.c,
    kernel: run.kernel,
    qemu_version: run.qemu,
    date: run.date,
  };
  let result: OracleResult;
  if (run.measurement) {
    const m = JSON.parse(run.measurement) as Omit<OracleResult, keyof typeof head | 'status'>;
    result = { ...head, status: 'ok', ...m };
  } else {
    const window = { elapsed_s: 0, timed_out: false, scan_passes: 0, toucher_passes: 0, operation_calls: 0 };
    result = {
      ...head,
      status: 'error',
      error: run.error ?? 'no measurement',
      window,
      vmstat: {},
      kvm_vm: {},
      kvm_vcpus: [],
      tracepoints: {},
    };
  }
  if (run.wallS !== undefined) result.wall_s = Math.round(run.wallS * 10) / 10;
  if (!validate(result))
    throw new Error(
      `result of ${run.c.name} does not match oracle/result.schema.json: ${(validate.errors ?? [])
        .slice(0, 3)
        .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`)
        .join('; ')}`,
    );
  return result;
}

/** JSON with two-space indent, but objects of plain values on one line (counters, ranges). */
export function formatJson(v: unknown): string {
  return (
    JSON.stringify(v, null, 2).replace(/\{\n\s+([^{}[\]]*?)\n\s*\}/g, (_all, inner: string) =>
      inner.includes('\n') && inner.length > 160 ? _all : `{ ${inner.replace(/,\n\s+/g, ', ')} }`,
    ) + '\n'
  );
}

export function writeResult(outDir: string, r: OracleResult, raw: Map<string, string>): string {
  const dir = join(outDir, r.kernel.package_version);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${r.case_name}.json`);
  writeFileSync(file, formatJson(r));
  for (const name of r.raw_files ?? []) {
    const body = raw.get(name);
    if (body !== undefined) writeFileSync(join(dir, name), body);
  }
  return file;
}

export function updateIndex(outDir: string, k: KernelFacts): void {
  const file = join(outDir, 'index.json');
  const idx: OracleResultsIndex = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as OracleResultsIndex)
    : { kernels: [] };
  idx.kernels = idx.kernels.filter((e) => e.series !== k.series);
  idx.kernels.push({
    series: k.series,
    package: k.package,
    package_version: k.package_version,
    dir: k.package_version,
  });
  idx.kernels.sort((a, b) => a.series.localeCompare(b.series, 'en', { numeric: true }));
  writeFileSync(file, JSON.stringify(idx, null, 2) + '\n');
}
