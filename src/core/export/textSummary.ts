// A plain-text summary of a run for an email reply on the list: what was simulated, the
// counters per variant with deltas, the contract violations. 72 columns where it can.
// Pure: no DOM, no vscode.
import type { RealKernelCounters, TimelineRun } from '../../protocol/messages';
import { PAGE_SIZE, formatBytes, formatCount, formatDelta, formatSeconds } from '../../protocol/format';
import { realCells, realDeltaColumns, realNonZero } from '../../protocol/realColumns';
import { COUNTER_NAMES, type SimulationResult } from '../../protocol/simulation';
import { maxOf, pushAll } from '../safety/arrays';
import { printable } from '../safety/printable';

function guestSize(pages: number): string {
  return formatBytes(pages * PAGE_SIZE);
}

/** Rows of cells as aligned columns: first column left-aligned, the rest right-aligned. */
export function alignColumns(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** The counters of one or more runs as rows (a head row first), a delta column per later variant,
 * and with `real` a column per real kernel and a simulated-minus-real delta for the variant that stands
 * for it; rows where every variant and real kernel is 0 are left out. Shared by the text summary and the CLI table. */
export function counterRows(
  results: readonly SimulationResult[],
  real: readonly RealKernelCounters[] = [],
): string[][] {
  const names = results.map((r) => r.variant);
  const compare = results.length > 1;
  const realDeltas = realDeltaColumns(results, real);
  const head = [
    'counter',
    ...names,
    ...real.map((r) => r.label),
    ...(compare ? names.slice(1).map((n) => `delta ${n}`) : []),
    ...realDeltas.map((c) => c.head.replace(/^Δ /, 'delta ')),
  ];
  const rows = [head];
  for (const c of COUNTER_NAMES) {
    const vals = results.map((r) => r.counters[c] ?? 0);
    if (vals.every((v) => v === 0) && !realNonZero(c, real)) continue;
    const rc = realCells(c, results, real);
    rows.push([
      c,
      ...vals.map(formatCount),
      ...rc.values.map((v) => (v === null ? '-' : formatCount(v))),
      ...(compare ? vals.slice(1).map((v) => formatDelta(v - vals[0], vals[0])) : []),
      ...rc.deltas.map((d, i) => (d === null ? '-' : formatDelta(d, rc.bases[i] ?? 0))),
    ]);
  }
  return rows;
}

/** Rows aligned as a table, with a rule under the head row. */
export function tableLines(rows: readonly string[][]): string[] {
  const lines = alignColumns(rows);
  lines.splice(
    1,
    0,
    '-'.repeat(
      maxOf(
        lines.map((l) => l.length),
        0,
      ),
    ),
  );
  return lines;
}

export function toTextSummary(run: TimelineRun): string {
  const out: string[] = [`MMU Notifier Lens: ${run.title}`, ''];
  out.push(`Scenario: ${run.scenario}`);
  if (run.site)
    out.push(`Call site: ${run.site.file}:${run.site.line} ${run.site.fn}() -> ${run.site.callee}()`);
  const r0 = run.results[0];
  if (r0) {
    const tl = r0.timeline;
    out.push(
      `Simulated: ${formatSeconds(r0.durationNs)}, guest ${guestSize(tl.guestPages)}, ${tl.vcpus} vCPU${tl.vcpus === 1 ? '' : 's'}, seed ${r0.seed}`,
    );
  }
  out.push(`Variants: ${run.results.map((r) => r.variant).join(', ')}`);
  const real = run.real ?? [];
  if (real.length)
    out.push(
      `Real kernels (oracle results; counts only, never times): ${real.map((r) => `${r.label} = ${r.kernel}`).join(', ')}`,
    );
  out.push('');
  pushAll(out, tableLines(counterRows(run.results, real))).push('');
  const costRows = [['cost (simulated)', ...run.results.map((r) => formatSeconds(r.cost_ns.total))]];
  if (run.results.some((r) => r.cost_ns.total > 0)) pushAll(out, alignColumns(costRows)).push('');
  const violations = run.results.flatMap((r) => r.violations.map((v) => ({ variant: r.variant, v })));
  if (!violations.length) out.push('Contract violations: none');
  else {
    out.push(`Contract violations: ${violations.length}`);
    for (const { variant, v } of violations.slice(0, 20)) {
      out.push(`  [${variant}] ${v.rule} at ${formatSeconds(v.t)}: ${v.message}`);
    }
    if (violations.length > 20) out.push(`  ... and ${violations.length - 20} more`);
  }
  // Scenario names and titles come from files: no terminal control characters in a plain-text export.
  return printable(out.join('\n') + '\n');
}
