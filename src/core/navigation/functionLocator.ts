// Finds where a C function is defined in a kernel source text: the line whose identifier is
// followed by a parameter list and then a body `{` (not a `;` prototype), outside comments.
export interface FunctionDefinition {
  /** 1-based line of the function's name. */
  line: number;
  /** 0-based column of the name. */
  column: number;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Blanks comments and string/char literals (same length, newlines kept) so offsets stay valid. */
export function blankCommentsAndStrings(text: string): string {
  const out = text.split('');
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (out[k] !== '\n') out[k] = ' ';
      i = stop;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') out[i++] = ' ';
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < n && text[k] !== c && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
      for (let j = i + 1; j < Math.min(k, n); j++) out[j] = ' ';
      i = k + 1;
    } else i++;
  }
  return out.join('');
}

export function findFunctionDefinition(text: string, fn: string): FunctionDefinition | undefined {
  const clean = blankCommentsAndStrings(text);
  let from = 0;
  for (;;) {
    const at = clean.indexOf(fn, from);
    if (at < 0) return undefined;
    from = at + fn.length;
    IDENT.lastIndex = at;
    const m = IDENT.exec(clean);
    if (!m || m[0] !== fn || (at > 0 && /[A-Za-z0-9_]/.test(clean[at - 1]))) continue;
    // Definitions in kernel style start the declarator at a line start or after a type on that line.
    const lineStart = clean.lastIndexOf('\n', at) + 1;
    const before = clean.slice(lineStart, at);
    if (/^\s/.test(before) && before.trim() !== '') continue; // indented: a call or a statement
    if (/[=(,;.>]/.test(before)) continue;
    let k = from;
    while (k < clean.length && /\s/.test(clean[k])) k++;
    if (clean[k] !== '(') continue;
    // Skip the balanced parameter list, then require `{` (allowing attributes/whitespace).
    let depth = 0;
    for (; k < clean.length; k++) {
      if (clean[k] === '(') depth++;
      else if (clean[k] === ')' && --depth === 0) break;
    }
    const rest = clean
      .slice(k + 1, k + 200)
      .replace(/__[a-z_]+(\([^)]*\))?/g, '')
      .trimStart();
    if (!rest.startsWith('{')) continue;
    const line = clean.slice(0, at).split('\n').length;
    return { line, column: at - lineStart };
  }
}
