// The tables under the canvas: counters per variant with deltas against the first
// variant, and the event counts between the A and B markers.
import { formatCount, formatDelta } from '../../protocol/format';
import { compareRows, countsBetween } from '../model/counters';
import { KIND_INFO } from '../model/kinds';
import type { RunModel } from '../model/runModel';
import { formatDuration, formatNs } from '../model/timeScale';
import { el } from './dom';
import { realDeltaColumns } from '../../protocol/realColumns';
import type { RealKernelCounters } from '../../protocol/messages';

function table(
  parent: HTMLElement,
  caption: string,
  head: string[],
  numeric: (column: number) => boolean = (i) => i > 0,
): HTMLTableSectionElement {
  const t = el('table', 'mnl-table', undefined, parent);
  el('caption', undefined, caption, t);
  const tr = el('tr', undefined, undefined, el('thead', undefined, undefined, t));
  head.forEach((h, i) => el('th', numeric(i) ? 'mnl-num' : undefined, h, tr));
  return el('tbody', undefined, undefined, t);
}

export function renderTables(root: HTMLElement, model: RunModel, markerA?: number, markerB?: number): void {
  root.replaceChildren();
  const results = model.results.map((r) => r.result);
  const names = results.map((r) => r.variant);
  const compare = results.length > 1;
  if (markerA !== undefined && markerB !== undefined) {
    const [a, b] = markerA < markerB ? [markerA, markerB] : [markerB, markerA];
    const body = table(
      root,
      `Between A (${formatNs(a)}) and B (${formatNs(b)}): Δt ${formatDuration(b - a)}`,
      ['event', ...names, ...(compare ? names.slice(1).map((n) => `Δ ${n}`) : [])],
    );
    const per = model.results.map((r) => countsBetween(r.series, a, b));
    const kinds = new Set(per.flatMap((p) => p.map((c) => c.kind)));
    for (const kind of [...kinds].sort((x, y) => x - y)) {
      const vals = per.map((p) => p.find((c) => c.kind === kind)?.count ?? 0);
      if (vals.every((v) => v === 0)) continue;
      const tr = el('tr', undefined, undefined, body);
      el('td', undefined, KIND_INFO[kind].label, tr).title = KIND_INFO[kind].fn;
      for (const v of vals) el('td', 'mnl-num', formatCount(v), tr);
      if (compare)
        for (const v of vals.slice(1))
          el('td', deltaClass(v - vals[0]), formatDelta(v - vals[0], vals[0]), tr);
    }
  }
  const real = model.run.real ?? [];
  const rows = compareRows(results, real);
  const realDeltas = realDeltaColumns(results, real);
  const title = compare ? `Counters (Δ against ${names[0]})` : 'Counters';
  const body = table(
    root,
    real.length ? `${title} · real kernels ${realKernels(real)} · Δ real = simulated − real` : title,
    [
      'counter',
      ...names,
      ...real.map((r) => r.label),
      ...(compare ? names.slice(1).map((n) => `Δ ${n}`) : []),
      ...realDeltas.map((c) => c.head),
    ],
  );
  for (const row of rows) {
    const tr = el('tr', undefined, undefined, body);
    el('td', 'mnl-counter', row.name, tr);
    row.values.forEach((v, i) => {
      const td = el('td', 'mnl-num', row.measured[i] ? formatCount(v) : '–', tr);
      if (row.sources[i]) td.title = `measured: ${row.sources[i]}`;
      else if (!row.measured[i]) td.title = 'not measured by the imported trace';
    });
    for (const v of row.real?.values ?? [])
      el('td', 'mnl-num mnl-real', v === null ? '–' : formatCount(v), tr);
    if (compare)
      row.deltas.slice(1).forEach((d, j) => {
        const known = row.measured[0] && row.measured[j + 1];
        el('td', known ? deltaClass(d) : 'mnl-num', known ? formatDelta(d, row.values[0]) : '–', tr);
      });
    row.real?.deltas.forEach((d, i) =>
      el(
        'td',
        d === null ? 'mnl-num' : deltaClass(d),
        d === null ? '–' : formatDelta(d, row.real?.bases[i] ?? 0),
        tr,
      ),
    );
  }
  const violations = results.flatMap((r) => r.violations.map((v) => ({ variant: r.variant, v })));
  if (violations.length) {
    const vb = table(root, `Contract violations (${violations.length})`, [
      'variant',
      'rule',
      'time',
      'message',
    ]);
    for (const { variant, v } of violations.slice(0, 50)) {
      const tr = el('tr', 'mnl-violation', undefined, vb);
      el('td', undefined, variant, tr);
      el('td', undefined, v.rule, tr);
      el('td', 'mnl-num', formatNs(v.t), tr);
      el('td', undefined, v.message, tr);
    }
  }
}

/** "6.1 = 6.1.192-3, 6.12 = 6.12.117-1". */
function realKernels(real: readonly RealKernelCounters[]): string {
  return real.map((r) => `${r.label.replace(/^real /, '')} = ${r.kernel}`).join(', ');
}

function deltaClass(d: number): string {
  return d > 0 ? 'mnl-num mnl-up' : d < 0 ? 'mnl-num mnl-down' : 'mnl-num';
}
