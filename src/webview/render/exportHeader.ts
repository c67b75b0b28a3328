// The header of an exported image (SVG/PNG): the run's title, what was simulated, and the
// legend, so the picture reads on its own in a mail or a bug report. DOM-free.
import { KIND_INFO } from '../model/kinds';
import type { RunModel } from '../model/runModel';
import type { Palette } from './palette';
import type { Painter } from './painter';

export interface LegendItem {
  color: string;
  label: string;
}

/** The state colours, then the event kinds that occur in the run. */
export function legendItems(model: RunModel, pal: Palette): LegendItem[] {
  const r = pal.roles;
  const items: LegendItem[] = [
    { color: r.present, label: 'PTE present' },
    { color: r.protnone, label: 'PTE PROT_NONE' },
    { color: r.none, label: 'PTE none' },
    { color: r.spte4k, label: 'SPTE 4K' },
    { color: r.spte2m, label: 'SPTE 2M' },
    { color: r.absent, label: 'SPTE absent' },
  ];
  const kinds = new Set<number>();
  for (const m of model.results) for (const ix of m.lanes.values()) for (const c of ix.rows) kinds.add(c);
  for (const c of [...kinds].sort((a, b) => a - b))
    items.push({ color: r[KIND_INFO[c].color], label: KIND_INFO[c].label });
  return items;
}

const PAD = 8;
const LINE = 16;

/** Lays out (and, when `draw`, paints) the header; returns its height. */
function header(p: Painter, width: number, model: RunModel, pal: Palette, draw: boolean): number {
  const run = model.run;
  let y = PAD + 8;
  if (draw) {
    p.fillRect(0, 0, width, 1e4, pal.background);
    p.text(PAD, y, run.title, pal.foreground, 'header', 'left', 'middle');
  }
  y += LINE;
  const site = run.site ? ` · ${run.site.file}:${run.site.line} ${run.site.fn}() → ${run.site.callee}` : '';
  const sub = `${run.scenario} · ${run.results.map((r) => r.variant).join(' vs ')}${site}`;
  if (draw) p.text(PAD, y, sub, pal.muted, 'small', 'left', 'middle');
  y += LINE;
  let x = PAD;
  for (const it of legendItems(model, pal)) {
    const w = 14 + p.measure(it.label, 'small') + 14;
    if (x + w > width - PAD && x > PAD) {
      x = PAD;
      y += LINE - 2;
    }
    if (draw) {
      p.fillRect(x, y - 5, 10, 10, it.color);
      p.text(x + 14, y, it.label, pal.foreground, 'small', 'left', 'middle');
    }
    x += w;
  }
  return y + LINE - 4;
}

export function exportHeaderHeight(p: Painter, width: number, model: RunModel, pal: Palette): number {
  return header(p, width, model, pal, false);
}

export function drawExportHeader(p: Painter, width: number, model: RunModel, pal: Palette): number {
  return header(p, width, model, pal, true);
}
