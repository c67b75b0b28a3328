// Argument parsing shared by the `sites` and `detect` subcommands: one positional PATH and
// known flags; anything else is a usage error (exit 2).

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface ParsedArgs {
  path: string;
  flags: Set<string>;
  values: Map<string, string>;
}

/** Parses argv; returns a message on a usage error. */
export function parseArgs(argv: string[], booleans: string[], withValue: string[]): ParsedArgs | string {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (booleans.includes(a)) flags.add(a);
    else if (withValue.includes(a)) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) return `${a} needs a value`;
      values.set(a, v);
      i++;
    } else if (a.startsWith('--') && withValue.some((w) => a.startsWith(`${w}=`))) {
      const eq = a.indexOf('=');
      values.set(a.slice(0, eq), a.slice(eq + 1));
    } else if (a.startsWith('-')) return `unknown option '${a}'`;
    else positional.push(a);
  }
  if (positional.length !== 1)
    return positional.length === 0 ? 'missing PATH' : `expected one PATH, got ${positional.length}`;
  return { path: positional[0], flags, values };
}
