// One line of ftrace text, as kernel/trace/trace_output.c prints it into /sys/kernel/tracing/trace
// (and trace_pipe), and as `trace-cmd report` prints it. Both put the same fields in the same order:
//
//   /sys/kernel/tracing/trace:   "  CPU 0/KVM-1234    [001] d..2.  1234.567890: kvm_exit: vcpu 0 reason npf …"
//     with options/record-tgid:   "  CPU 0/KVM-1234    (   1230) [001] ....  1234.567890: kvm_exit: …"
//   trace-cmd report:             "  CPU 0/KVM-1234    [001]  1234.567890: kvm_exit:             vcpu 0 …"
//     with latency flags:         "  CPU 0/KVM-1234    [001] d..2.  1234.567890: kvm_exit: …"
//
// The task name (comm) may hold spaces, dashes and slashes; the pid is the digits after its last
// dash; the CPU is in brackets; the flags column (irqs-off, need-resched, hardirq/softirq,
// preempt-depth, migrate-disable: 4 or 5 characters) is optional; the timestamp is seconds with
// 6 (µs) or 9 (ns) decimals. Headers differ: the tracefs file starts with "# tracer: …" comment
// lines, trace-cmd report with "cpus=N" (and "version = N", "CPU N is empty"). Pure: no I/O.

export interface FtraceRecord {
  task: string;
  pid: number;
  cpu: number;
  /** Timestamp in ns since boot (exact: parsed from the decimal text, not through a float). */
  tsNs: number;
  /** Event name without its system ("kvm_exit", not "kvm:kvm_exit"). */
  event: string;
  /** What the event's TP_printk() printed. */
  body: string;
}

export type HeaderStyle = 'tracefs' | 'trace-cmd';

export type LineKind =
  | { kind: 'blank' }
  | { kind: 'header'; style?: HeaderStyle }
  | { kind: 'event'; rec: FtraceRecord }
  | { kind: 'malformed'; reason: string };

//                 task      -pid      (tgid)?               [cpu]      flags?                 ts          : event  : body
const EVENT_LINE =
  /^\s*(.*?)-(\d+)\s+(?:\(\s*(?:\d+|-+)\)\s+)?\[(\d+)\]\s+(?:[^\s:]{4,5}\s+)?(\d+)\.(\d{1,9}):\s+([A-Za-z_][\w]*):\s*(.*)$/;

const TRACE_CMD_HEADER = /^(?:cpus=\d+|version = \d+|CPU \d+ is empty|trace-cmd: .*)$/;

/** Timestamp "1234.567890" (seconds with 1–9 decimals) in ns, exactly. */
export function timestampNs(sec: string, frac: string): number {
  return Number(sec) * 1e9 + Number(frac.padEnd(9, '0'));
}

export function parseFtraceLine(line: string): LineKind {
  if (line.length === 0 || /^\s*$/.test(line)) return { kind: 'blank' };
  const c = line.charCodeAt(0);
  if (c === 35 /* # */)
    return { kind: 'header', style: line.startsWith('# tracer:') ? 'tracefs' : undefined };
  const m = EVENT_LINE.exec(line);
  if (m) {
    const event = m[6];
    return {
      kind: 'event',
      rec: {
        task: m[1],
        pid: Number(m[2]),
        cpu: Number(m[3]),
        tsNs: timestampNs(m[4], m[5]),
        event,
        body: m[7],
      },
    };
  }
  if (TRACE_CMD_HEADER.test(line.trim())) return { kind: 'header', style: 'trace-cmd' };
  return { kind: 'malformed', reason: malformedReason(line) };
}

/** What is wrong with a line that is neither a header nor an event, in the reader's words. */
function malformedReason(line: string): string {
  if (!/\[\d+\]/.test(line)) return 'no CPU field "[NNN]"';
  if (!/\d+\.\d+:/.test(line)) return 'no timestamp "SECONDS.MICROS:"';
  if (!/-\d+\s/.test(line)) return 'no "TASK-PID" field';
  return 'no "EVENT:" after the timestamp';
}

/** The first bytes of a trace-cmd binary file (trace.dat): "\x17\x08\x44tracing". */
export function looksLikeTraceDat(head: Uint8Array): boolean {
  return head.length >= 10 && head[0] === 0x17 && head[1] === 0x08 && head[2] === 0x44;
}

/** True when the bytes hold a NUL or mostly non-text bytes (a binary file, not ftrace text). */
export function looksBinary(head: Uint8Array): boolean {
  let odd = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) odd++;
  }
  return head.length > 0 && odd / head.length > 0.1;
}
