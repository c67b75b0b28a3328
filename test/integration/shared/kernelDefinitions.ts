// The tests' own reading of where a kernel function is defined (not the extension's
// function locator, src/core/navigation): a line starting in column 0 that names `fn(`
// after its return type, whose declaration reaches a `{` before any `;`.
import { blankCommentsAndStrings } from './kernelSites';

/** 1-based line of the definition of `fn` in C source `src`, or undefined. */
export function definitionLine(src: string, fn: string): number | undefined {
  const code = blankCommentsAndStrings(src);
  const lines = code.split('\n');
  const head = new RegExp(`^[A-Za-z_][^;=(]*\\b${fn}\\s*\\(`);
  for (let i = 0; i < lines.length; i++) {
    if (!head.test(lines[i])) continue;
    const rest = lines.slice(i, i + 12).join('\n');
    const brace = rest.indexOf('{');
    const semi = rest.indexOf(';');
    if (brace >= 0 && (semi < 0 || brace < semi)) return i + 1;
  }
  return undefined;
}
