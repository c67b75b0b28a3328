// Function bodies by name, from the structure pass (for detect's probes).
import { lexC } from './cLexer';
import { analyzeStructure } from './cStructure';

export interface FunctionBody {
  name: string;
  /** 1-based line of the name. */
  line: number;
  /** Offsets of the body's `{` and just past its `}` (end of text when unclosed). */
  start: number;
  end: number;
}

/** Every function definition of a C text (first definition wins for a repeated name). */
export function functionBodies(text: string): Map<string, FunctionBody> {
  const ts = lexC(text);
  const st = analyzeStructure(ts);
  const out = new Map<string, FunctionBody>();
  for (const o of st.owners) {
    if (o.kind !== 'function' || out.has(o.name)) continue;
    out.set(o.name, {
      name: o.name,
      line: ts.line[o.nameTok],
      start: ts.start[o.openTok],
      end: o.closeTok >= 0 ? ts.end[o.closeTok] : text.length,
    });
  }
  return out;
}

/** 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** First match of `re` inside the body of `fn`, as a 1-based line; undefined when absent. */
export function findInFunction(
  text: string,
  bodies: Map<string, FunctionBody>,
  fn: string,
  re: RegExp,
): number | undefined {
  const body = bodies.get(fn);
  if (!body) return undefined;
  const m = new RegExp(re.source, re.flags.replace('g', '') + 'g');
  m.lastIndex = body.start;
  const hit = m.exec(text);
  return hit && hit.index < body.end ? lineAt(text, hit.index) : undefined;
}
