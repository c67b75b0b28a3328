// Checks on a parsed JSON value before anything recursive or merging touches it: every number is
// finite (JSON.parse turns 1e309 into Infinity), nesting stays within MAX_JSON_DEPTH, and no key
// can reach an object's prototype (`__proto__`). The walk uses an explicit stack, so a hostile
// value cannot overflow the call stack here.
import { MAX_JSON_DEPTH } from './jsonText';

/** Keys that name a prototype when used as a property name on a plain object. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface JsonValueProblem {
  /** Dotted JSON path (`cost.vm_exit_ns`, `special_pages[3].gfn`); '' for the root. */
  path: string;
  expected: string;
  received: string;
}

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** The first problem in `value`, or undefined. */
export function checkJsonValue(value: unknown): JsonValueProblem | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (typeof v === 'number' && !Number.isFinite(v))
      return { path, expected: 'a finite number', received: String(v) };
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH)
      return { path, expected: `at most ${MAX_JSON_DEPTH} levels of nesting`, received: 'deeper nesting' };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: join(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      if (keys[i] === '__proto__')
        return {
          path: join(path, keys[i]),
          expected: 'a field name other than __proto__',
          received: '__proto__',
        };
      stack.push({ v: (v as Record<string, unknown>)[keys[i]], path: join(path, keys[i]), depth: depth + 1 });
    }
  }
  return undefined;
}
