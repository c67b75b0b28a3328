// The one output seam of the CLI: every subcommand prints through a CliIo (one line per call), so
// tests run commands in-process and main() filters everything through printable().

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The process's stdout and stderr, one line per call. */
export const processIo: CliIo = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
};
