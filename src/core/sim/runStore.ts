// Guest RAM as address-range runs: sorted run starts with one packed facts value each (facts.ts).
// Every step splits and merges runs; nothing here loops over pages.
import type { PageStateStore } from './store';

export class RunStore implements PageStateStore {
  private starts: number[];
  private vals: number[];
  version = 0;

  constructor(
    readonly pages: number,
    initial: number,
  ) {
    this.starts = [0];
    this.vals = [initial];
  }

  /** Index of the run containing page g. */
  private find(g: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= g) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private end(i: number): number {
    return i + 1 < this.starts.length ? this.starts[i + 1] : this.pages;
  }

  forEach(a: number, b: number, fn: (s: number, e: number, facts: number) => void): void {
    if (b <= a) return;
    for (let i = this.find(a); i < this.starts.length && this.starts[i] < b; i++) {
      const s = Math.max(a, this.starts[i]);
      const e = Math.min(b, this.end(i));
      fn(s, e, this.vals[i]);
    }
  }

  /** Rewrites the runs overlapping [a, b) (and merges with equal neighbours) in one splice. */
  update(a: number, b: number, f: (facts: number) => number): void {
    if (b <= a) return;
    this.version++;
    const i = this.find(a);
    const j = this.find(b - 1);
    const mapped: number[] = [];
    let changed = false;
    for (let k = i; k <= j; k++) {
      const v = f(this.vals[k]);
      mapped.push(v);
      if (v !== this.vals[k]) changed = true;
    }
    if (!changed) return;
    const ns: number[] = [];
    const nv: number[] = [];
    const add = (start: number, val: number): void => {
      if (nv.length > 0 && nv[nv.length - 1] === val) return;
      ns.push(start);
      nv.push(val);
    };
    const lo = i > 0 ? i - 1 : i;
    const hi = j + 1 < this.starts.length ? j + 1 : j;
    if (lo < i) add(this.starts[lo], this.vals[lo]);
    if (this.starts[i] < a) add(this.starts[i], this.vals[i]);
    for (let k = i; k <= j; k++) add(Math.max(a, this.starts[k]), mapped[k - i]);
    const ej = this.end(j);
    if (b < ej) add(b, this.vals[j]);
    if (hi > j) add(this.starts[hi], this.vals[hi]);
    this.starts.splice(lo, hi - lo + 1, ...ns);
    this.vals.splice(lo, hi - lo + 1, ...nv);
  }

  runs(): { start: number; end: number; facts: number }[] {
    return this.starts.map((s, i) => ({ start: s, end: this.end(i), facts: this.vals[i] }));
  }

  size(): number {
    return this.starts.length;
  }
}
