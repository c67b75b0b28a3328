// JSON text from a user (a scenario file, an editor buffer, a --set value) to a value, with the
// checks JSON.parse does not make: a UTF-8 byte-order mark is dropped (editors on Windows write
// one), the size is bounded, and nesting deeper than MAX_JSON_DEPTH is refused before parsing
// (deeply nested input overflows the stack of every recursive consumer after JSON.parse).
// Errors name the line and column.

/** Nesting a scenario can have: the schema needs 4 levels; anything near this limit is hostile. */
export const MAX_JSON_DEPTH = 64;

export class JsonTextError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${where}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${problem}`);
    this.name = 'JsonTextError';
  }
}

/** 1-based line and column of the UTF-16 offset `at` in `text`. */
export function lineColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

/** Offset of the first bracket that opens level MAX_JSON_DEPTH + 1, or -1 (strings skipped). */
function tooDeepAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

/** Parses `text` as JSON; throws JsonTextError naming `where`, the line and column. */
export function parseJsonText(text: string, where: string, maxChars: number): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length > maxChars)
    throw new JsonTextError(where, `${body.length} characters, over the ${maxChars}-character limit`);
  const deep = tooDeepAt(body, MAX_JSON_DEPTH);
  if (deep >= 0) {
    const { line, column } = lineColumn(body, deep);
    throw new JsonTextError(where, `nested deeper than ${MAX_JSON_DEPTH} levels`, line, column);
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const lc = pos ? lineColumn(body, Number(pos[1])) : undefined;
    const short = message
      .replace(/, "[^]*" is not valid JSON$/, '')
      .replace(/ in JSON at position \d+.*$/, '');
    throw new JsonTextError(where, `not JSON: ${short}`, lc?.line, lc?.column);
  }
}
