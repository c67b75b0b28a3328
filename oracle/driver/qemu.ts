// Boot L2 in QEMU TCG (emulated SVM + nested paging, q35, 2 vCPUs, two NUMA nodes of 1 GiB, cpu0 on
// node 0 and cpu1 on node 1), stream its console line by line, stop it at the deadline, and never leave
// it running: the process group is killed on every exit path of this process.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

const live = new Set<ChildProcess>();
function killAll(): void {
  for (const p of live)
    try {
      if (p.pid) process.kill(-p.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });

export function qemuVersion(): string {
  const r = spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n')[0].trim() || 'unknown';
}

export interface BootSpec {
  vmlinuz: string;
  initrd: string;
  /** ttyS1 (the data port) goes to this file. */
  dataFile: string;
  timeoutS: number;
  onLine: (line: string) => void;
  /** Polled every second; true stops L2 at once (a case past its own time bound). */
  stuck?: () => boolean;
}

export interface BootOutcome {
  exitCode: number | null;
  timedOut: boolean;
  console: string[];
}

export function qemuArgs(s: BootSpec): string[] {
  return [
    ...['-accel', 'tcg,thread=multi', '-cpu', 'EPYC,+svm,+npt', '-machine', 'q35', '-smp', '2', '-m', '2G'],
    ...['-object', 'memory-backend-ram,id=m0,size=1G', '-object', 'memory-backend-ram,id=m1,size=1G'],
    ...['-numa', 'node,nodeid=0,cpus=0,memdev=m0', '-numa', 'node,nodeid=1,cpus=1,memdev=m1'],
    ...['-kernel', s.vmlinuz, '-initrd', s.initrd, '-display', 'none', '-no-reboot', '-nodefaults'],
    ...['-serial', 'stdio', '-serial', `file:${s.dataFile}`],
    ...['-append', 'console=ttyS0 panic=-1 quiet loglevel=4 tsc=reliable'],
  ];
}

export function bootL2(s: BootSpec): Promise<BootOutcome> {
  return new Promise((resolve) => {
    const p = spawn('qemu-system-x86_64', qemuArgs(s), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    live.add(p);
    const pidFile = process.env.ORACLE_QEMU_PIDFILE; // lets `npm test` end a QEMU this process left
    if (pidFile && p.pid) writeFileSync(pidFile, `${p.pid}\n`);
    const lines: string[] = [];
    let timedOut = false;
    let pending = '';
    const take = (chunk: Buffer): void => {
      pending += chunk.toString('utf8').replace(/\r/g, '');
      let i: number;
      while ((i = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 1);
        if (/TCG doesn't support requested feature/.test(line)) continue;
        lines.push(line);
        s.onLine(line);
      }
    };
    p.stdout.on('data', take);
    p.stderr.on('data', take);
    const stop = (): void => {
      timedOut = true;
      try {
        if (p.pid) process.kill(-p.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(stop, s.timeoutS * 1000);
    const watchdog = setInterval(() => {
      if (s.stuck?.()) stop();
    }, 1000);
    p.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(watchdog);
      if (pidFile) rmSync(pidFile, { force: true });
      live.delete(p);
      if (pending) lines.push(pending);
      resolve({ exitCode: code, timedOut, console: lines });
    });
    p.on('error', (e) => {
      clearTimeout(timer);
      clearInterval(watchdog);
      live.delete(p);
      resolve({ exitCode: null, timedOut, console: [...lines, `spawn failed: ${e.message}`] });
    });
  });
}
