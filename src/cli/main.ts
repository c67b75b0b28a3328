// mmu-notifier-lens: the headless command line over the core.
import { printable, printableLine } from '../core/safety';
import { processIo, type CliIo } from './cliIo';
import { usageLine, type CommandSpec } from './commandArgs';
import { DETECT, IMPORT, PRESETS, SIMULATE, SITES, VARIANTS } from './commandSpecs';
import { runDetect } from './detectCommand';
import { runImport } from './importCommand';
import { runPresets, runVariants } from './listCommands';
import { runSimulate } from './simulateCommand';
import { runSites } from './sitesCommand';

interface Subcommand {
  /** The arguments it parses, and so its usage text. */
  spec: CommandSpec;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

/** Every subcommand, in the overview's order. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  { spec: SIMULATE, run: runSimulate },
  { spec: PRESETS, run: runPresets },
  { spec: VARIANTS, run: runVariants },
  { spec: SITES, run: runSites },
  { spec: DETECT, run: runDetect },
  { spec: IMPORT, run: runImport },
];

/** The overview: every command's synopsis, from the spec the command parses with. */
export function usage(): string {
  return [
    'usage: mmu-notifier-lens <command> [options]',
    '',
    ...SUBCOMMANDS.map(({ spec }) => `  ${spec.name} ${spec.synopsis}`),
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
  const sub = SUBCOMMANDS.find((s) => s.spec.name === name);
  if (!sub) {
    io.err(`mmu-notifier-lens: unknown command '${printableLine(name.slice(0, 80))}'\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(usageLine(sub.spec));
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
  void main(process.argv.slice(2), processIo).then((code) => {
    process.exitCode = code;
  });
}
