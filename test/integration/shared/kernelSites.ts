// The tests' own reading of a kernel C file: where the notifier call sites are.
//
// Deliberately NOT the extension's scanner (src/core/source): a second, simple reading of
// the text (comments and literals blanked, then a regular expression), so that a scanner
// bug cannot make the expectation and the result agree. Only the list of callee names is
// shared with the scanner (the notifier API, src/core/source/calleeCatalog.ts).
import { NOTIFIER_CALLEES } from '../../../src/core/source/calleeCatalog';

/** Callees whose call sites get lenses. */
export const SITE_CALLEES: readonly string[] = [...NOTIFIER_CALLEES];

export interface ExpectedSite {
  callee: string;
  /** 0-based line of the callee's name. */
  line: number;
  /** 0-based column of the callee's name. */
  column: number;
  /** The whole source line, trimmed (for messages). */
  text: string;
}

/**
 * The text with comments, string and character literals replaced by spaces (same length,
 * newlines kept), so that positions still match the original.
 */
export function blankCommentsAndStrings(src: string): string {
  const out = src.split('');
  let i = 0;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      blank(i, j + 1);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

const NOT_A_TYPE = new Set(['return', 'else', 'do', 'case', 'goto', 'sizeof']);

/**
 * Every call of one of `callees` in C source `src`, in text order (calls inside macro
 * bodies included). Declarations, definitions and `#define NAME(` (an identifier other
 * than a keyword right before the name) are not calls.
 */
export function findCallSites(src: string, callees: readonly string[] = SITE_CALLEES): ExpectedSite[] {
  const code = blankCommentsAndStrings(src);
  const lines = src.split('\n');
  const lineStarts: number[] = [0];
  for (let k = 0; k < src.length; k++) if (src[k] === '\n') lineStarts.push(k + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const names = [...callees].sort((a, b) => b.length - a.length).map((c) => c.replace(/\W/g, ''));
  const re = new RegExp(`(?<![\\w])(${names.join('|')})\\s*\\(`, 'g');
  const sites: ExpectedSite[] = [];
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const line = lineOf(m.index);
    const before = code.slice(lineStarts[line], m.index);
    const prev = /([A-Za-z_]\w*)\s*\**\s*$/.exec(before);
    if (prev && !NOT_A_TYPE.has(prev[1])) continue; // `void name(`: a declaration/definition
    sites.push({ callee: m[1], line, column: m.index - lineStarts[line], text: lines[line].trim() });
  }
  return sites;
}
