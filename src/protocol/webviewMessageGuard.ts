// The checks on the messages between host and page. The page renders data the host gave it, but
// it is still another process: the host acts on a page message only when its `type` is one the
// host knows and every field has the type and range that type needs; anything else is refused with
// a reason naming the type, which the host logs as a warning. The page checks the host's message
// types the same way (the host is trusted on fields). The Record types make a new message type
// without a checker a compile error; the switches over `type` end in `unhandledMessage`.
import type { HostToWebview, WebviewToHost } from './messages';

type Fields = Record<string, unknown>;

/** Longest string field the page may send (a log line, a path); exported images have their own. */
const MAX_TEXT = 64 * 1024;
/** An exported SVG or PNG data URL. */
const MAX_EXPORT = 64 * 1024 * 1024;

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const text = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
/** A request id (requestIds.ts): a positive safe integer. */
const requestId = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0;

const CHECKS: { [K in WebviewToHost['type']]: (m: Fields) => boolean } = {
  ready: (m) => m.restored === undefined || text(m.restored, 4096),
  rendered: (m) => num(m.lanes) && num(m.bands) && num(m.events) && num(m.ms),
  openSource: (m) => {
    const ref = m.ref as Fields | null | undefined;
    return typeof ref === 'object' && ref !== null && text(ref.file, 4096) && text(ref.fn, 512);
  },
  exported: (m) =>
    requestId(m.requestId) && (m.format === 'svg' || m.format === 'png') && text(m.data, MAX_EXPORT),
  log: (m) => (m.level === 'info' || m.level === 'warn' || m.level === 'error') && text(m.message),
  requestDetail: (m) =>
    requestId(m.requestId) &&
    num(m.t0) &&
    num(m.t1) &&
    (m.t0 as number) >= 0 &&
    (m.t0 as number) < (m.t1 as number),
  whatIf: (m) =>
    text(m.variant, 4096) && text(m.rule, 64) && (typeof m.value === 'boolean' || text(m.value, 64)),
};

const HOST_TYPES: { [K in HostToWebview['type']]: true } = {
  load: true,
  progress: true,
  error: true,
  notice: true,
  focus: true,
  export: true,
  detail: true,
  detailError: true,
  resumeDetail: true,
};

/** A message type as a log line shows it: quoted, escaped, at most 64 characters. */
function shownType(type: unknown): string {
  const s = JSON.stringify(typeof type === 'string' ? type : String(type)) ?? '""';
  return s.length > 66 ? `${s.slice(0, 64)}…"` : s;
}

/** Why `m` is not a message of one of `known`'s types: undefined when its type is known. */
function typeRefusal(m: unknown, known: object): string | undefined {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return 'not a message object';
  const type = (m as Fields).type;
  if (typeof type !== 'string') return `no string type (type ${shownType(type)})`;
  if (!Object.hasOwn(known, type)) return `unknown message type ${shownType(type)}`;
  return undefined;
}

/** Why the host refuses page message `m` (unknown type, malformed fields), or undefined: acted on. */
export function webviewMessageRefusal(m: unknown): string | undefined {
  const refused = typeRefusal(m, CHECKS);
  if (refused) return refused;
  const type = (m as Fields).type as WebviewToHost['type'];
  return CHECKS[type](m as Fields) ? undefined : `malformed ${shownType(type)} message`;
}

/** True when `m` is a message the host knows, with well-formed fields. */
export function isWebviewToHost(m: unknown): m is WebviewToHost {
  return webviewMessageRefusal(m) === undefined;
}

/** Why the page refuses host message `m` (not one of the host's message types), or undefined. */
export function hostMessageRefusal(m: unknown): string | undefined {
  return typeRefusal(m, HOST_TYPES);
}
