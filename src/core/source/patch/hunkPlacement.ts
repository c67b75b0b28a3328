// Where a hunk goes in a file, the way GNU patch's locate_hunk() finds it: at the line its
// header names (shifted by the offset earlier hunks needed), else the nearest line in either
// direction (+ before −) where its old lines match; failing that with fuzz 1, 2, … ignoring that
// many context lines at each end. Unlike GNU patch, a place whose enclosing function (the
// funcname line git would print) is not the one the `@@` header names is rejected, so fuzz
// never moves a hunk into another function, and a fuzz that leaves no line to compare (a pure
// insertion with all its context ignored) places nothing.
//
// Linear: candidate places come from an index of the file's lines (the rarest line of the
// hunk's compared window), never from sliding the hunk over the file. A global comparison
// budget bounds pathological input (a file and hunk of one repeated line).

/** The file a patch's hunks are placed in: its lines, an index of them, and git's funcname lines. */
export class PlacementFile {
  private index: Map<string, number[]> | undefined;
  private funcLine: Int32Array | undefined;

  constructor(readonly lines: readonly string[]) {}

  occurrences(line: string): readonly number[] {
    if (!this.index) {
      this.index = new Map();
      this.lines.forEach((l, i) => {
        const list = this.index?.get(l);
        if (list) list.push(i);
        else this.index?.set(l, [i]);
      });
    }
    return this.index.get(line) ?? [];
  }

  /** git's hunk-header section for a hunk whose first line is at 0-based `at`: the last funcname line before it. */
  sectionBefore(at: number): string {
    if (!this.funcLine) {
      const f = new Int32Array(this.lines.length + 1);
      let last = -1;
      for (let i = 0; i < this.lines.length; i++) {
        f[i] = last;
        if (FUNCNAME.test(this.lines[i]) && !LABEL.test(this.lines[i])) last = i;
      }
      f[this.lines.length] = last;
      this.funcLine = f;
    }
    const i = this.funcLine[Math.max(0, Math.min(at, this.lines.length))];
    return i < 0 ? '' : this.lines[i];
  }
}

/** git's default and cpp funcname rule: a line that starts with a letter or `_`, not a goto label. */
const FUNCNAME = /^[A-Za-z_$]/;
const LABEL = /^[A-Za-z_]\w*:\s*($|\/[/*])/;

export interface HunkPattern {
  /** Old lines (context and removed), and how many context lines lead and trail. */
  old: readonly string[];
  prefixContext: number;
  suffixContext: number;
  /** 0-based line GNU patch tries first (header line + the offset earlier hunks needed). */
  firstGuess: number;
  /** The header's old start is line 1 or 0 (a hunk that may only match the start of the file). */
  atFileStart: boolean;
}

export type Placement =
  | { where: number; fuzz: number }
  | { misplaced: { where: number; section: string } }
  | { budget: true }
  | null;

/** Comparisons of lines a whole series may spend placing hunks. */
export class PlacementBudget {
  constructor(public left = 50_000_000) {}
}

/** First index of ascending `xs` whose value is >= x. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function windowMatches(
  file: PlacementFile,
  pat: HunkPattern,
  where: number,
  pf: number,
  sf: number,
): boolean {
  for (let k = pf; k < pat.old.length - sf; k++) if (file.lines[where + k] !== pat.old[k]) return false;
  return true;
}

/**
 * Places a hunk at or after `minFree` (the first line earlier hunks of this patch left alone).
 * `sectionOk(where)` says whether the place is in the function the header names.
 */
export function placeHunk(
  file: PlacementFile,
  pat: HunkPattern,
  minFree: number,
  maxFuzz: number,
  sectionOk: (where: number) => boolean,
  budget: PlacementBudget,
): Placement {
  const n = file.lines.length;
  const m = pat.old.length;
  const P = pat.prefixContext;
  const S = pat.suffixContext;
  const context = Math.max(P, S);
  const myMaxFuzz = Math.min(maxFuzz, context);
  let misplaced: { where: number; section: string } | undefined;
  const accept = (where: number, fuzz: number): Placement | undefined => {
    if (where === pat.firstGuess && fuzz === 0) return { where, fuzz };
    if (sectionOk(where)) return { where, fuzz };
    misplaced ??= { where, section: file.sectionBefore(where) };
    return undefined;
  };
  if (m === 0) {
    const where = Math.max(minFree, Math.min(pat.firstGuess, n));
    return { where, fuzz: 0 };
  }
  for (let fuzz = 0; fuzz <= myMaxFuzz; fuzz++) {
    let pf = fuzz + P - context;
    const sf = fuzz + S - context;
    const maxWhere = n - (m - Math.max(sf, 0));
    if (pf < 0 && pat.atFileStart) {
      // Only the start of the file (and, without suffix fuzz, only the whole file) can match.
      if (sf < 0 && m !== n) continue;
      if (minFree > 0 || maxWhere < 0) continue;
      budget.left -= m;
      if (windowMatches(file, pat, 0, 0, Math.max(sf, 0))) {
        const got = accept(0, fuzz);
        if (got) return got;
      }
      continue;
    }
    pf = Math.max(pf, 0);
    const minWhere = minFree - (P - pf);
    if (sf < 0) {
      // Only the end of the file can match.
      const where = n - m;
      if (where < Math.max(minWhere, 0)) continue;
      budget.left -= m;
      if (windowMatches(file, pat, where, pf, 0)) {
        const got = accept(where, fuzz);
        if (got) return got;
      }
      continue;
    }
    const lo = Math.max(minWhere, 0);
    if (maxWhere < lo) continue;
    if (m - sf - pf <= 0) continue; // GNU would place it unchecked; nothing would say it belongs there
    // The rarest line of the compared window names every place worth comparing; walk its
    // occurrences outward from the guessed place (+ before − at equal distance), nearest first.
    let best = pf;
    let bestCount = Infinity;
    for (let k = pf; k < m - sf && bestCount > 0; k++) {
      const c = file.occurrences(pat.old[k]).length;
      if (c < bestCount) {
        best = k;
        bestCount = c;
      }
    }
    const occ = file.occurrences(pat.old[best]);
    const g = pat.firstGuess;
    let up = lowerBound(occ, g + best); // occ[up] - best >= g
    let down = up - 1;
    for (;;) {
      const wUp = up < occ.length ? occ[up] - best : Infinity;
      const wDown = down >= 0 ? occ[down] - best : -Infinity;
      if (wUp > maxWhere && wDown < lo) break;
      let where: number;
      if (wUp <= maxWhere && (wDown < lo || wUp - g <= g - wDown)) {
        where = wUp;
        up++;
      } else {
        where = wDown;
        down--;
      }
      if (where < lo || where > maxWhere) continue;
      budget.left -= m - sf - pf;
      if (budget.left < 0) return { budget: true };
      if (!windowMatches(file, pat, where, pf, sf)) continue;
      const got = accept(where, fuzz);
      if (got) return got;
    }
  }
  return misplaced ? { misplaced } : null;
}
