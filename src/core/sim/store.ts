// The page-state store interface. The engine sees guest RAM only through it, as segments of pages with
// equal facts. RunStore (runStore.ts) keeps runs; the reference PageStore (../reference/pageStore.ts)
// keeps one value per page and yields one-page segments, so the same kernel steps run page by page.

export interface PageStateStore {
  readonly pages: number;
  /** Call fn(s, e, facts) for each maximal segment of equal facts in [a, b), in address order. */
  forEach(a: number, b: number, fn: (s: number, e: number, facts: number) => void): void;
  /** facts := f(facts) for every page in [a, b). f must be a pure function of the facts. */
  update(a: number, b: number, f: (facts: number) => number): void;
  /** Run-length encoding of the whole store (for comparison, bands and final state). */
  runs(): { start: number; end: number; facts: number }[];
  /** Bumped by every update (lets the recorder skip unchanged snapshots). */
  readonly version: number;
  /** How many runs the store holds now (a cost measure). */
  size(): number;
}
