// The host's check of what the timeline page sends. The page renders data the host gave it, but
// it is still another process: a message is acted on only when its `type` is one the host knows
// and every field has the type and range that type needs. One checker per message type; the
// Record type makes a new WebviewToHost member without a checker a compile error.
import type { WebviewToHost } from './messages';

type Fields = Record<string, unknown>;

/** Longest string field the page may send (a log line, a path); exported images have their own. */
const MAX_TEXT = 64 * 1024;
/** An exported SVG or PNG data URL. */
const MAX_EXPORT = 64 * 1024 * 1024;

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const text = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;

const CHECKS: { [K in WebviewToHost['type']]: (m: Fields) => boolean } = {
  ready: () => true,
  rendered: (m) => num(m.lanes) && num(m.bands) && num(m.events) && num(m.ms),
  openSource: (m) => {
    const ref = m.ref as Fields | null | undefined;
    return typeof ref === 'object' && ref !== null && text(ref.file, 4096) && text(ref.fn, 512);
  },
  exported: (m) =>
    Number.isSafeInteger(m.requestId) &&
    (m.format === 'svg' || m.format === 'png') &&
    text(m.data, MAX_EXPORT),
  log: (m) => (m.level === 'info' || m.level === 'warn' || m.level === 'error') && text(m.message),
  requestDetail: (m) =>
    num(m.t0) && num(m.t1) && (m.t0 as number) >= 0 && (m.t0 as number) < (m.t1 as number),
  whatIf: (m) =>
    text(m.variant, 4096) && text(m.rule, 64) && (typeof m.value === 'boolean' || text(m.value, 64)),
};

/** True when `m` is a message the host knows, with well-formed fields. */
export function isWebviewToHost(m: unknown): m is WebviewToHost {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const type = (m as Fields).type;
  if (typeof type !== 'string' || !Object.hasOwn(CHECKS, type)) return false;
  return CHECKS[type as WebviewToHost['type']](m as Fields);
}
