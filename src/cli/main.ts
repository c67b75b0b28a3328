// mmu-notifier-lens: the headless command line over the core.
import { runSimulate } from './simulateCommand';
import { runPresets, runVariants } from './listCommands';
import { runSites } from './sitesCommand';
import { runDetect } from './detectCommand';
import { printable, printableLine } from '../core/safety/printable';
import { runImport } from './importCommand';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

type Subcommand = (argv: string[], io: CliIo) => Promise<number>;

const SUBCOMMANDS: Record<string, { run: Subcommand; usage: string }> = {
  simulate: {
    run: runSimulate,
    usage:
      'simulate [--preset NAME | --scenario FILE] [--variant ID]... [--set path=value]... [--seed N] [--json]',
  },
  presets: { run: runPresets, usage: 'presets [--json]' },
  variants: { run: runVariants, usage: 'variants [--json]' },
  sites: { run: runSites, usage: 'sites PATH [--json]' },
  detect: { run: runDetect, usage: 'detect PATH [--series FILE] [--json]' },
  import: {
    run: runImport,
    usage:
      'import FILE... [--preset NAME | --scenario FILE] [--variant ID]... [--set path=value]... [--json]',
  },
};

export function usage(): string {
  return [
    'usage: mmu-notifier-lens <command> [options]',
    '',
    ...Object.values(SUBCOMMANDS).map((s) => `  ${s.usage}`),
  ].join('\n');
}

/**
 * Runs one command. Everything printed goes through printable(): text that came from an input
 * (a Makefile's EXTRAVERSION, a scenario name, a file name) cannot drive the terminal.
 */
export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io: CliIo = { out: (s) => rawIo.out(printable(s)), err: (s) => rawIo.err(printable(s)) };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!sub) {
    io.err(`mmu-notifier-lens: unknown command '${printableLine(name.slice(0, 80))}'\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: mmu-notifier-lens ${sub.usage}`);
    return 0;
  }
  try {
    return await sub.run(rest, io);
  } catch (e) {
    // The last line of defence: an engine limit is reported as a limit, never as a JS message.
    const limit = e instanceof RangeError && /call stack|array length|string length/i.test(e.message);
    const message = limit
      ? 'the input is too large or too deeply nested for this command (docs/limits.md)'
      : e instanceof Error
        ? e.message
        : String(e);
    io.err(`mmu-notifier-lens ${name}: ${message}`);
    return 1;
  }
}

/**
 * Makes a closed stdout/stderr (`mmu-notifier-lens presets | head -1`) end the process quietly,
 * as SIGPIPE ends a C tool, instead of an unhandled EPIPE with a stack trace.
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
}

if (require.main === module) {
  exitQuietlyOnClosedPipe();
  const io: CliIo = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
