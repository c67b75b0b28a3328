// mmu-notifier-lens: the headless command line over the core.
import { runSimulate } from './simulateCommand';
import { runPresets, runVariants } from './listCommands';
import { runSites } from './sitesCommand';
import { runDetect } from './detectCommand';

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
};

export function usage(): string {
  return [
    'usage: mmu-notifier-lens <command> [options]',
    '',
    ...Object.values(SUBCOMMANDS).map((s) => `  ${s.usage}`),
  ].join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    io.err(`mmu-notifier-lens: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: mmu-notifier-lens ${sub.usage}`);
    return 0;
  }
  try {
    return await sub.run(rest, io);
  } catch (e) {
    io.err(`mmu-notifier-lens ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (require.main === module) {
  const io: CliIo = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
