// The tests' own reading of a patch file (git format-patch): the notifier call sites in its
// hunks of C files, with their line in the PATCH. Deliberately not the extension's patch
// parser (src/core/source/patch): hunks are cut by the counts in their `@@ -a,b +c,d @@`
// headers, and each hunk's lines (marker removed) are read by findCallSites().
import { findCallSites } from './kernelSites';

export interface PatchCallSite {
  /** 0-based line in the patch file. */
  line: number;
  callee: string;
  /** The file the hunk changes (b/ side). */
  file: string;
  text: string;
}

export function findPatchCallSites(patch: string): PatchCallSite[] {
  const lines = patch.split('\n');
  const out: PatchCallSite[] = [];
  let file = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('+++ ')) file = l.slice(4).replace(/^b\//, '').trim();
    const h = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(l);
    if (!h) continue;
    let oldLeft = h[1] === undefined ? 1 : Number(h[1]);
    let newLeft = h[2] === undefined ? 1 : Number(h[2]);
    const body: { line: number; text: string }[] = [];
    let j = i + 1;
    for (; j < lines.length && (oldLeft > 0 || newLeft > 0); j++) {
      const m = lines[j][0];
      if (m === '\\') continue; // "\ No newline at end of file"
      if (m === ' ' || m === undefined) {
        oldLeft--;
        newLeft--;
      } else if (m === '-') oldLeft--;
      else if (m === '+') newLeft--;
      else break;
      body.push({ line: j, text: lines[j].slice(1) });
    }
    i = j - 1;
    if (!/\.[ch]$/.test(file)) continue;
    for (const s of findCallSites(body.map((b) => b.text).join('\n'))) {
      out.push({ line: body[s.line].line, callee: s.callee, file, text: s.text });
    }
  }
  return out;
}
