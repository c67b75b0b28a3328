// The per-page reference store: one value per 4 KiB page, one loop per page, obviously correct.
// It yields one-page segments, so every kernel step runs page by page on it (tests and bench only).
import type { PageStateStore } from '../sim/store';

export class PageStore implements PageStateStore {
  private readonly facts: Int32Array;

  constructor(
    readonly pages: number,
    initial: number,
  ) {
    this.facts = new Int32Array(pages).fill(initial);
  }

  forEach(a: number, b: number, fn: (s: number, e: number, facts: number) => void): void {
    for (let g = a; g < b; g++) fn(g, g + 1, this.facts[g]);
  }

  version = 0;

  update(a: number, b: number, f: (facts: number) => number): void {
    this.version++;
    for (let g = a; g < b; g++) this.facts[g] = f(this.facts[g]);
  }

  runs(): { start: number; end: number; facts: number }[] {
    const out: { start: number; end: number; facts: number }[] = [];
    for (let g = 0; g < this.pages; g++) {
      const last = out[out.length - 1];
      if (last && last.facts === this.facts[g]) last.end = g + 1;
      else out.push({ start: g, end: g + 1, facts: this.facts[g] });
    }
    return out;
  }

  size(): number {
    return this.pages;
  }
}
