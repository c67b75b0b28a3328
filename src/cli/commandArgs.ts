// The CLI's one argument parser and usage source. Each subcommand declares a CommandSpec (its
// synopsis, options and operands); Node's util.parseArgs splits argv into tokens (`--opt value`,
// `--opt=value`, `--` ending the options; docs/parser-choice.md) and the checks below turn every
// misuse into a message that names the argument. main.ts builds its overview from the same specs.
import { parseArgs } from 'node:util';
import type { CliIo } from './cliIo';

export interface CommandSpec<S extends string = string, B extends string = string> {
  name: string;
  /** What follows the command name in every usage text (`--help`, usage errors, the overview). */
  synopsis: string;
  /** Options taking a value (`--preset NAME`, `--preset=NAME`); a repeated one keeps every value. */
  strings: readonly S[];
  /** Options without a value (`--json`). */
  booleans: readonly B[];
  /** The positional arguments: their name in messages, how many are allowed. */
  operands: { name: string; min: number; max: number };
  /** Options of which at most one may be given. */
  exclusive?: readonly S[];
}

export interface CommandArgs<S extends string, B extends string> {
  operands: string[];
  /** The last value given for an option, if any. */
  value(name: S): string | undefined;
  /** Every value given for an option, in order. */
  values(name: S): string[];
  has(name: B): boolean;
}

/** `usage: mmu-notifier-lens NAME SYNOPSIS` */
export function usageLine(spec: CommandSpec): string {
  return `usage: mmu-notifier-lens ${spec.name} ${spec.synopsis}`;
}

/** `--a`, `--a and --b`, `--a, --b and --c` */
function listed(names: readonly string[]): string {
  const flags = names.map((n) => `--${n}`);
  return flags.length < 2
    ? flags.join('')
    : `${flags.slice(0, -1).join(', ')} and ${flags[flags.length - 1]}`;
}

function operandError(spec: CommandSpec, operands: string[]): string | undefined {
  const { name, min, max } = spec.operands;
  if (operands.length > max)
    return max === 0
      ? `unexpected argument '${operands[0]}'`
      : `expected ${max === 1 ? 'one' : `at most ${max}`} ${name}, got ${operands.length}`;
  if (operands.length < min) return `missing ${name}`;
  return undefined;
}

/** Parses argv against a spec; a string is a usage error naming the argument. */
export function parseCommandArgs<S extends string, B extends string>(
  spec: CommandSpec<S, B>,
  argv: string[],
): CommandArgs<S, B> | string {
  const options = Object.fromEntries([
    ...spec.strings.map((n) => [n, { type: 'string' as const, multiple: true }]),
    ...spec.booleans.map((n) => [n, { type: 'boolean' as const }]),
  ]);
  // Not strict: unknown options and misplaced values come back as tokens, refused below by name.
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const strings = new Map<string, string[]>();
  const booleans = new Set<string>();
  const operands: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') operands.push(t.value);
    else if (t.kind === 'option') {
      const typed = argv[t.index];
      if ((spec.strings as readonly string[]).includes(t.name) && t.rawName.startsWith('--')) {
        // parseArgs takes the next argument as the value; one that is itself an option is not.
        if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--')))
          return `${t.rawName} needs a value`;
        strings.set(t.name, [...(strings.get(t.name) ?? []), t.value]);
      } else if ((spec.booleans as readonly string[]).includes(t.name) && t.rawName.startsWith('--')) {
        if (t.inlineValue) return `${t.rawName} takes no value`;
        booleans.add(t.name);
      } else return `unknown option '${typed}'`;
    }
  }
  const given = (spec.exclusive ?? []).filter((n) => strings.has(n));
  if (given.length > 1) return `${listed(spec.exclusive ?? [])} are exclusive`;
  const bad = operandError(spec, operands);
  if (bad !== undefined) return bad;
  return {
    operands,
    value: (name) => strings.get(name)?.at(-1),
    values: (name) => strings.get(name) ?? [],
    has: (name) => booleans.has(name),
  };
}

/** Prints `mmu-notifier-lens NAME: MESSAGE`; exit code 2 (bad arguments or input named by them). */
export function refuse(io: CliIo, spec: CommandSpec, message: string): number {
  io.err(`mmu-notifier-lens ${spec.name}: ${message}`);
  return 2;
}

/** A usage error: the message, then the command's usage line; exit code 2. */
export function refuseUsage(io: CliIo, spec: CommandSpec, message: string): number {
  return refuse(io, spec, `${message}\n${usageLine(spec)}`);
}
