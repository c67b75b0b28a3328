// Hover tooltip: what the event is, when, where in guest memory, and its cause chain as
// clickable kernel functions (file:function) that open in the editor.
import type { SourceRef } from '../../protocol/simulation';
import type { Hit } from '../model/hitTest';
import { kindInfo } from '../model/kinds';
import type { RunModel } from '../model/runModel';
import { formatDuration, formatGfnRange, formatNs } from '../model/timeScale';
import { el } from './dom';

const STATE_TEXT: Record<string, string> = {
  none: 'none (not mapped)',
  present: 'present',
  prot_none: 'PROT_NONE (NUMA hinting)',
  absent: 'absent (zapped or never mapped)',
  '4k': '4 KiB leaf',
  '2m': '2 MiB leaf',
};

export class Tooltip {
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private pointerInside = false;
  shown: Hit | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly openSource: (ref: SourceRef) => void,
  ) {
    root.addEventListener('pointerenter', () => (this.pointerInside = true));
    root.addEventListener('pointerleave', () => {
      this.pointerInside = false;
      this.hideSoon();
    });
  }

  show(model: RunModel, hit: Hit, x: number, y: number, bounds: DOMRect): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    if (!sameHit(hit, this.shown)) {
      this.root.replaceChildren(...this.content(model, hit));
      this.shown = hit;
    }
    this.root.hidden = false;
    // CSSOM assignments are allowed under the CSP (only style attributes in markup are not).
    const w = this.root.offsetWidth;
    const h = this.root.offsetHeight;
    const left = x + 14 + w > bounds.width ? Math.max(0, x - 14 - w) : x + 14;
    const top = y + 16 + h > bounds.height ? Math.max(0, y - 8 - h) : y + 16;
    this.root.style.left = `${left}px`;
    this.root.style.top = `${top}px`;
  }

  hideSoon(): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      if (!this.pointerInside) this.hide();
    }, 300);
  }

  hide(): void {
    this.root.hidden = true;
    this.shown = undefined;
  }

  private content(model: RunModel, hit: Hit): HTMLElement[] {
    const m = model.results[hit.group];
    if (hit.type === 'violation') {
      const v = m.result.violations[hit.violation];
      return [
        el('div', 'mnl-tt-title mnl-tt-violation', `Contract violation: ${v.rule}`),
        el('div', 'mnl-tt-variant', `${m.result.variant} · at ${formatNs(v.t)} · by ${v.event}`),
        el('div', undefined, formatGfnRange(v.gfnStart, v.gfnEnd)),
        el('div', 'mnl-tt-detail', v.message),
      ];
    }
    const variant = el('div', 'mnl-tt-variant', `${m.result.variant} · ${hit.lane.title}`);
    if (hit.type === 'band') {
      const tl = m.result.timeline;
      const b = hit.which === 'pte' ? tl.pteBands[m.pte.idx[hit.band]] : tl.spteBands[m.spte.idx[hit.band]];
      const what = hit.which === 'pte' ? 'Host PTE' : 'SPTE';
      return [
        el('div', 'mnl-tt-title', `${what}: ${STATE_TEXT[b.state] ?? b.state}`),
        variant,
        el('div', undefined, `${formatNs(b.t0)} → ${formatNs(b.t1)} (${formatDuration(b.t1 - b.t0)})`),
        el('div', undefined, formatGfnRange(b.gfnStart, b.gfnEnd)),
      ];
    }
    const e = m.result.timeline.events[hit.event];
    const info = kindInfo(e.kind);
    const out: HTMLElement[] = [el('div', 'mnl-tt-title', info.label), variant];
    const when = e.dur ? `${formatNs(e.t)} · ${formatDuration(e.dur)}` : formatNs(e.t);
    out.push(el('div', undefined, when));
    if (e.gfnEnd > e.gfnStart) out.push(el('div', undefined, formatGfnRange(e.gfnStart, e.gfnEnd)));
    if ((e.count ?? 1) > 1)
      out.push(el('div', undefined, `stands for ${e.count} kernel events (aggregated)`));
    if (e.detail) out.push(el('div', 'mnl-tt-detail', e.detail));
    if (e.cause.length) {
      out.push(el('div', 'mnl-tt-head', 'Cause chain (click to open):'));
      const list = el('ol', 'mnl-tt-chain');
      for (const ref of e.cause) {
        const li = el('li', undefined, undefined, list);
        const b = el('button', 'mnl-link', `${ref.file}:${ref.fn}`, li);
        b.type = 'button';
        b.title = `Open ${ref.fn} in ${ref.file}`;
        b.addEventListener('click', () => this.openSource(ref));
      }
      out.push(list);
    } else {
      out.push(el('div', 'mnl-tt-detail', `stands for ${info.fn}`));
    }
    return out;
  }
}

function sameHit(a: Hit, b: Hit | undefined): boolean {
  if (!b || a.type !== b.type || a.group !== b.group) return false;
  if (a.type === 'event' && b.type === 'event') return a.event === b.event;
  if (a.type === 'band' && b.type === 'band') return a.which === b.which && a.band === b.band;
  if (a.type === 'violation' && b.type === 'violation') return a.violation === b.violation;
  return false;
}
