// `mmu-notifier-lens import FILE... [--preset NAME | --scenario FILE] [--variant ID]... [--set path=value]...
// [--json]`: read a real run (ftrace / trace-cmd text, /proc/vmstat snapshots, results JSON with KVM
// stats) and print what it measured under the kernel's own names; with --variant, beside the same
// scenario simulated on those variants (core/sim/request.ts, as `simulate`), each with its delta
// against the real run. A `<case>.trace.txt` brings its
// companions (`<case>.vmstat-before.txt`, `.vmstat-after.txt`, `.json`) when they exist beside it; when
// the results JSON holds the oracle case that produced the trace, --variant without --preset or
// --scenario simulates that case.
import {
  simulate,
  prepareSimulationRequest,
  type PreparedRequest,
  type SimulationRequestSpec,
} from '../core/sim';
import { readTraceFiles, TraceImportError, withCompanions } from '../core/trace/node';
import { parseOracleCase } from '../core/oracle';
import { COUNTER_NAMES, type SimulationResult } from '../protocol/simulation';
import type { ImportInfo } from '../protocol/traceImport';
import { formatCount, formatDelta } from '../protocol/format';
import type { CliIo } from './cliIo';
import { parseCommandArgs, refuse, refuseUsage } from './commandArgs';
import { IMPORT } from './commandSpecs';
import { messageOf, prepareWithinBudget, scenarioRequest } from './scenarioRequest';

const fmt = formatCount;

/** The shared delta form: "+1,234 (+12%)", "0" when equal. */
function delta(v: number, base: number): string {
  return formatDelta(v - base, base);
}

/** The plain-text report: files, events, problems, then the counters table (real, then simulated with deltas). */
export function formatImport(real: SimulationResult, sims: readonly SimulationResult[]): string {
  const info = real.imported as ImportInfo;
  const out: string[] = [];
  for (const f of info.files)
    out.push(
      `${f.path}: ${f.kind}${f.headerStyle ? ` (${f.headerStyle} header)` : ''}, ${fmt(f.lines)} lines`,
    );
  const events = Object.entries(info.eventCounts).sort((x, y) => y[1] - x[1]);
  if (events.length) out.push('', 'events:', ...events.map(([k, n]) => `  ${k.padEnd(28)} ${fmt(n)}`));
  const unknown = Object.entries(info.unknownEvents).sort((x, y) => y[1] - x[1]);
  if (unknown.length)
    out.push(
      '',
      'unknown events (counted, not drawn):',
      ...unknown.map(([k, n]) => `  ${k.padEnd(28)} ${fmt(n)}`),
    );
  for (const w of info.warnings) out.push('', `warning: ${w}`);
  if (info.problemCount) {
    out.push('', `${fmt(info.problemCount)} line(s) skipped:`);
    for (const p of info.problems.slice(0, 10)) out.push(`  ${p.file}:${p.line}: ${p.message}`);
  }
  const head = ['counter', `${real.variant} (source)`, ...sims.map((s) => `${s.variant}  delta vs real`)];
  const rows: string[][] = [];
  for (const k of COUNTER_NAMES) {
    const src = info.measured[k];
    if (!src) continue;
    const v = real.counters[k];
    rows.push([
      k,
      `${fmt(v)} (${src})`,
      ...sims.map((s) => `${fmt(s.counters[k])}  ${delta(s.counters[k], v)}`),
    ]);
  }
  if (rows.length) {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string =>
      cells
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join('  ')
        .trimEnd();
    out.push('', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
  }
  const kernel = Object.entries(info.kernelCounters).sort(([a], [b]) => a.localeCompare(b));
  if (kernel.length)
    out.push('', 'kernel counter deltas:', ...kernel.map(([k, n]) => `  ${k.padEnd(34)} ${fmt(n)}`));
  out.push(
    '',
    `timeline: ${(real.durationNs / 1e9).toFixed(3)} s, ${fmt(real.timeline.events.length)} events` +
      `${real.timeline.aggregated ? ` (first ${fmt(info.keptEvents)} one by one, the rest per time slot)` : ''}, ` +
      `guest region gfn 0x${info.gfnBase.toString(16)} + ${fmt(real.timeline.guestPages)} pages` +
      (info.outsideRegion ? `, ${fmt(info.outsideRegion)} events outside it` : ''),
  );
  return out.join('\n');
}

/** The request `--variant` asks for: the oracle case the results JSON names, else the scenario options. */
async function prepareSims(
  o: { preset?: string; scenarioFile?: string; variants: string[]; sets: string[] },
  real: SimulationResult,
): Promise<PreparedRequest> {
  const { variants, sets } = o;
  const oracleCase = real.imported?.oracleCase;
  if (oracleCase && o.preset === undefined && o.scenarioFile === undefined) {
    // The results JSON names the case that produced the trace: simulate that case (as `simulate --case`).
    const req: SimulationRequestSpec = { oracleCase: oracleCase.name, variants, sets };
    return prepareSimulationRequest(req, (name) => ({
      oracleCase: parseOracleCase(oracleCase.json, `case ${name}`, name),
    }));
  }
  return prepareWithinBudget(await scenarioRequest(o, variants));
}

export async function runImport(argv: string[], io: CliIo): Promise<number> {
  const a = parseCommandArgs(IMPORT, argv);
  if (typeof a === 'string') return refuseUsage(io, IMPORT, a);
  let real: SimulationResult;
  try {
    real = await readTraceFiles(await withCompanions(a.operands));
  } catch (e) {
    if (e instanceof TraceImportError) {
      io.err(`mmu-notifier-lens import: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const variants = a.values('variant');
  let prepared: PreparedRequest | undefined;
  try {
    if (variants.length)
      prepared = await prepareSims(
        { preset: a.value('preset'), scenarioFile: a.value('scenario'), variants, sets: a.values('set') },
        real,
      );
  } catch (e) {
    return refuse(io, IMPORT, messageOf(e));
  }
  const sims = prepared ? variants.map((v) => simulate((prepared as PreparedRequest).scenarioFor(v), v)) : [];
  if (a.has('json')) {
    const info = real.imported as ImportInfo;
    const measured = Object.keys(info.measured) as (keyof typeof real.counters)[];
    io.out(
      JSON.stringify(
        {
          real: {
            variant: real.variant,
            scenario: real.scenario,
            counters: Object.fromEntries(measured.map((k) => [k, real.counters[k]])),
            ...info,
            durationNs: real.durationNs,
            events: real.timeline.events.length,
            aggregated: real.timeline.aggregated,
          },
          simulated: sims.map((s) => ({
            variant: s.variant,
            counters: s.counters,
            deltas_vs_real: Object.fromEntries(measured.map((k) => [k, s.counters[k] - real.counters[k]])),
          })),
        },
        null,
        2,
      ),
    );
  } else io.out(formatImport(real, sims));
  return 0;
}
