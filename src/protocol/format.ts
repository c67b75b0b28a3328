// How counters, deltas, times and sizes are written, in one place: the CLI table, the plain-text
// summary for a list reply and the timeline page all print numbers with these functions, so a
// reader sees the same "+1,234 (+12%)" wherever a delta appears. ASCII only (the text summary
// goes into mail). Pure: no DOM, no vscode.

/** Bytes in one base page (x86-64 PAGE_SIZE); guest frame numbers count these. */
export const PAGE_SIZE = 4096;

/** 1234567 → "1,234,567"; 12.34 → "12.3"; 123.4 → "123" (toLocaleString is slow in a frame). */
export function formatCount(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (!Number.isInteger(v)) return Math.abs(v) >= 100 ? formatCount(Math.round(v)) : v.toFixed(1);
  const s = Math.abs(v).toString();
  let out = '';
  for (let i = s.length; i > 0; i -= 3) out = s.slice(Math.max(0, i - 3), i) + (out ? ',' + out : '');
  return (v < 0 ? '-' : '') + out;
}

/** A change against a base value: "+1,234 (+12%)", "-5 (-100%)", "+262,143 (x262,144)" when the
 * new value is 100 times the base or more, "+1,500" (base 0), "0". */
export function formatDelta(delta: number, base: number): string {
  if (delta === 0) return '0';
  const sign = delta > 0 ? '+' : '-';
  const ratio = Math.abs(delta / base);
  const rel =
    base === 0
      ? ''
      : ratio >= 100
        ? ` (x${formatCount(Math.round((base + delta) / base))})`
        : ` (${sign}${formatCount(Math.round(ratio * 100))}%)`;
  return `${sign}${formatCount(Math.abs(delta))}${rel}`;
}

/** Nanoseconds in the largest unit that keeps the number ≥ 1: "1.5 s", "2.25 ms", "250 ns". */
export function formatSeconds(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)} us`;
  return `${ns} ns`;
}

/** A byte count as GiB (≥ 1 GiB) or MiB: "16 GiB", "88.0 MiB". */
export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${+(bytes / 2 ** 30).toFixed(2)} GiB` : `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** Nanoseconds as milliseconds with two decimals and thousands separators: "1,234.57". */
export function formatMs(ns: number): string {
  const ms = ns / 1e6;
  if (!Number.isFinite(ms)) return String(ms);
  const [whole, frac] = Math.abs(ms).toFixed(2).split('.');
  return `${ms < 0 ? '-' : ''}${formatCount(Number(whole))}.${frac}`;
}

/** A signed change in milliseconds: "+1.25", "-0.50", "0". */
export function formatMsDelta(deltaNs: number): string {
  if (deltaNs === 0) return '0';
  return (deltaNs > 0 ? '+' : '') + formatMs(deltaNs);
}
