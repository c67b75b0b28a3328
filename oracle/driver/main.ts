// npm run oracle [-- --kernel 6.1|6.12 …] [--case PATH …] [--out DIR]
// Runs oracle cases on Debian's real 6.1 and 6.12 kernels inside QEMU TCG: one boot per kernel runs
// the whole case list; progress per case; results to DIR/<kernel package version>/<case>.json
// (default DIR: oracle/results). Exit code 0 when every case of every kernel produced a result.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OracleCase, OracleResult } from '../../src/core/oracle';
import { allCasePaths, caseBudgetS, casesTxt, loadCase, ORACLE_DIR } from './caseFiles';
import { bootL2, qemuVersion } from './qemu';
import { composeResult, kernelFacts, parseDataPort, updateIndex, writeResult } from './results';

type Series = '6.1' | '6.12';
interface Args {
  kernels: Series[];
  cases: string[];
  out: string;
}
interface KernelImage {
  series: Series;
  pkg: string;
  version: string;
  vmlinuz: string;
  modules: string;
}

function usage(msg: string): never {
  console.error(
    `oracle: ${msg}\nusage: npm run oracle -- [--kernel 6.1|6.12|all]… [--case oracle/cases/X.json]… [--out DIR]`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Args = { kernels: [], cases: [], out: join(ORACLE_DIR, 'results') };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === '--kernel' && v) {
      if (v === 'all') a.kernels.push('6.1', '6.12');
      else if (v === '6.1' || v === '6.12') a.kernels.push(v);
      else usage(`--kernel ${v}: expected 6.1, 6.12 or all`);
      i++;
    } else if (argv[i] === '--case' && v) {
      a.cases.push(resolve(v));
      i++;
    } else if (argv[i] === '--out' && v) {
      a.out = resolve(v);
      i++;
    } else usage(`unknown argument ${argv[i]}`);
  }
  if (a.kernels.length === 0) a.kernels = ['6.1', '6.12'];
  if (a.cases.length === 0) a.cases = allCasePaths();
  return a;
}

/** oracle/scripts/setup.sh: apt packages, the kernel images, the VMM. */
function setup(): { images: KernelImage[]; vmm: string } {
  const r = spawnSync('bash', [join(ORACLE_DIR, 'scripts', 'setup.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) {
    console.error(
      `oracle: set-up failed (oracle/scripts/setup.sh exited ${r.status}); see the messages above`,
    );
    process.exit(1);
  }
  const images = r.stdout
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([series, pkg, version, vmlinuz, modules]) => ({
      series: series as Series,
      pkg,
      version,
      vmlinuz,
      modules,
    }));
  const cache =
    process.env.MMU_LENS_CACHE ?? join(process.env.HOME ?? '/root', '.cache', 'mmu-notifier-lens');
  return { images, vmm: join(cache, 'oracle', 'oraclevmm') };
}

const fmtS = (s: number): string => `${s.toFixed(1)} s`;

interface BootRun {
  files: Map<string, string>;
  console: string[];
  started: Set<string>;
  wall: Map<string, number>;
  timedOut: boolean;
  seconds: number;
}

/** One boot of L2 running `cases` in order. */
async function bootOnce(
  img: KernelImage,
  cases: OracleCase[],
  vmm: string,
  work: string,
  first: number,
  total: number,
): Promise<BootRun> {
  const tag = `[${img.series}]`;
  writeFileSync(join(work, 'cases.txt'), casesTxt(cases));
  const initrd = join(work, 'initrd.cpio.gz');
  const b = spawnSync(
    'bash',
    [join(ORACLE_DIR, 'scripts', 'build-initramfs.sh'), img.modules, vmm, join(work, 'cases.txt'), initrd],
    {
      stdio: 'inherit',
    },
  );
  if (b.status !== 0) throw new Error('oracle/scripts/build-initramfs.sh failed');
  const dataFile = join(work, 'data.txt');
  rmSync(dataFile, { force: true });
  const budget = 120 + cases.reduce((s, c) => s + caseBudgetS(c), 0);
  const t0 = Date.now();
  const started = new Set<string>();
  const startedAt = new Map<string, number>();
  const wall = new Map<string, number>();
  let n = first;
  let current: { c: OracleCase; at: number } | null = null;
  console.log(
    `${tag} booting ${img.pkg} ${img.version} (TCG; ${cases.length} case(s), at most ${Math.round(budget)} s)`,
  );
  const boot = await bootL2({
    vmlinuz: img.vmlinuz,
    initrd,
    dataFile,
    timeoutS: budget,
    stuck: () => {
      if (!current || Date.now() - current.at < caseBudgetS(current.c) * 1000) return false;
      console.log(
        `${tag}   ${current.c.name}: no result after ${Math.round(caseBudgetS(current.c))} s, stopping L2`,
      );
      return true;
    },
    onLine: (line) => {
      appendFileSync(join(work, 'console.log'), line + '\n'); // follow it live: tail -f /tmp/oracle-*/console.log
      let m: RegExpExecArray | null;
      if ((m = /^ORACLE case (\S+) start/.exec(line))) {
        started.add(m[1]);
        startedAt.set(m[1], Date.now());
        const c = cases.find((x) => x.name === m?.[1]);
        current = c ? { c, at: Date.now() } : null;
        console.log(`${tag} case ${++n}/${total} ${m[1]} …`);
      } else if ((m = /^ORACLE case (\S+) done rc=(\d+)/.exec(line))) {
        const s = (Date.now() - (startedAt.get(m[1]) ?? Date.now())) / 1000;
        wall.set(m[1], s);
        current = null;
        console.log(`${tag}   ${m[1]} done in ${fmtS(s)}${m[2] === '0' ? '' : ` (oraclevmm exit ${m[2]})`}`);
      } else if (/^ORACLE {3}oraclevmm .*window/.test(line))
        console.log(`${tag}   ${line.replace(/^ORACLE {3}oraclevmm \S+ /, '')}`);
      else if (/^ORACLE (ready|boot|swap|FATAL)/.test(line) || /FATAL|Kernel panic|BUG:|Oops/.test(line))
        console.log(`${tag} ${line.replace(/^ORACLE /, '')}`);
    },
  });
  const seconds = (Date.now() - t0) / 1000;
  console.log(`${tag} L2 ended after ${fmtS(seconds)}${boot.timedOut ? ' (stopped at its time bound)' : ''}`);
  let data = '';
  try {
    data = readFileSync(dataFile, 'utf8');
  } catch {
    /* no data port output: the cases fail below */
  }
  return {
    files: parseDataPort(data),
    console: boot.console,
    started,
    wall,
    timedOut: boot.timedOut,
    seconds,
  };
}

/**
 * Every case on one kernel: one boot for the whole list; should L2 die (a panic under TCG), the cases
 * without a result run again in a fresh boot, the one that was running at most twice in all.
 */
async function runKernel(
  img: KernelImage,
  cases: OracleCase[],
  vmm: string,
  out: string,
  qemu: string,
): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), `oracle-${img.series}-`));
  const tag = `[${img.series}]`;
  const files = new Map<string, string>();
  const wall = new Map<string, number>();
  const errors = new Map<string, string>();
  const tries = new Map<string, number>();
  const consoleLog: string[] = [];
  let pending = [...cases];
  let seconds = 0;
  try {
    for (let boot = 1; pending.length > 0; boot++) {
      const r = await bootOnce(img, pending, vmm, work, cases.length - pending.length, cases.length);
      seconds += r.seconds;
      consoleLog.push(`=== boot ${boot}`, ...r.console);
      for (const [k, v] of r.files) if (!files.has(k)) files.set(k, v);
      for (const [k, v] of r.wall) wall.set(k, v);
      const rest = pending.filter((c) => !r.files.has(`${c.name}.json`));
      const running = rest.find((c) => r.started.has(c.name));
      const why = `${r.timedOut ? 'L2 stopped at its time bound' : 'L2 ended'} during this case; console tail: ${r.console.slice(-3).join(' | ')}`;
      if (!running) {
        for (const c of rest) errors.set(c.name, `not run: L2 never reached it (${why})`);
        break;
      }
      const log = (r.files.get(`${running.name}.log`) ?? '').trim().split('\n').slice(-3).join(' | ');
      tries.set(running.name, (tries.get(running.name) ?? 0) + 1);
      if ((tries.get(running.name) ?? 0) >= 2 || log.includes('FATAL')) {
        errors.set(running.name, `no measurement; oraclevmm said: ${log || '(nothing)'}; ${why}`);
        pending = rest.filter((c) => c !== running);
      } else pending = rest;
      if (pending.length)
        console.log(
          `${tag} ${running.name} got no result (${why}); booting again for ${pending.length} case(s)`,
        );
    }
    const kernel = kernelFacts(img.series, img.pkg, img.version, files.get('kernel.json'));
    mkdirSync(join(out, img.version), { recursive: true });
    writeFileSync(join(out, img.version, 'console.log'), consoleLog.join('\n') + '\n');
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    let failures = 0;
    for (const c of cases) {
      const measurement = files.get(`${c.name}.json`);
      const error = measurement ? undefined : (errors.get(c.name) ?? 'no measurement');
      const r: OracleResult = composeResult({
        c,
        kernel,
        qemu,
        date,
        wallS: wall.get(c.name),
        measurement,
        error,
      });
      if (r.status !== 'ok') {
        failures++;
        console.log(`${tag} ✗ ${c.name}: ${r.error}`);
      }
      writeResult(out, r, files);
    }
    updateIndex(out, kernel);
    console.log(
      `${tag} ${cases.length - failures}/${cases.length} case(s) measured in ${fmtS(seconds)}; preempt=${kernel.preempt}; results in ${join(out, img.version)}`,
    );
    return failures;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let cases: OracleCase[];
  try {
    cases = args.cases.map(loadCase);
  } catch (e) {
    console.error(`oracle: ${(e as Error).message}`);
    process.exit(2);
  }
  const { images, vmm } = setup();
  const qemu = qemuVersion();
  console.log(`oracle: ${cases.length} case(s) × ${args.kernels.join(', ')}; ${qemu}`);
  let failures = 0;
  for (const series of args.kernels) {
    const img = images.find((i) => i.series === series);
    if (!img) usage(`no kernel image for ${series} in oracle/kernels.json`);
    failures += await runKernel(img, cases, vmm, args.out, qemu);
  }
  process.exit(failures === 0 ? 0 : 1);
}

void main();
