// Array helpers that never overflow the stack. `Math.max(...xs)` and `out.push(...xs)` pass every
// element as a function argument; past a few hundred thousand elements V8 throws "Maximum call
// stack size exceeded". Inputs decide these lengths (sites in a file, lines in a patch, special
// pages), so code that handles them uses these loops instead.

/** The largest of `xs`, or `empty` when there is none (Math.max(...xs) gives -Infinity). */
export function maxOf(xs: Iterable<number>, empty = -Infinity): number {
  let best = -Infinity;
  let any = false;
  for (const x of xs) {
    any = true;
    if (x > best || Number.isNaN(x)) best = x;
  }
  return any ? best : empty;
}

/** The smallest of `xs`, or `empty` when there is none. */
export function minOf(xs: Iterable<number>, empty = Infinity): number {
  let best = Infinity;
  let any = false;
  for (const x of xs) {
    any = true;
    if (x < best || Number.isNaN(x)) best = x;
  }
  return any ? best : empty;
}

/** Appends every element of `items` to `out` (in order) and returns `out`. */
export function pushAll<T>(out: T[], items: Iterable<T>): T[] {
  for (const x of items) out.push(x);
  return out;
}
