// Every subcommand's arguments: the one source of its usage text (`CMD --help`, a usage error's last
// line, the overview `mmu-notifier-lens --help` that main.ts derives) and of what the parser
// (commandArgs.ts) accepts.
import type { CommandSpec } from './commandArgs';

const NONE = { name: 'argument', min: 0, max: 0 };

export const SIMULATE: CommandSpec<'preset' | 'scenario' | 'case' | 'variant' | 'set' | 'seed', 'json'> = {
  name: 'simulate',
  synopsis:
    '[--preset NAME | --scenario FILE | --case FILE] [--variant ID]... [--set path=value]... [--seed N] [--json]',
  strings: ['preset', 'scenario', 'case', 'variant', 'set', 'seed'],
  booleans: ['json'],
  operands: NONE,
  exclusive: ['preset', 'scenario', 'case'],
};

export const PRESETS: CommandSpec<never, 'json'> = {
  name: 'presets',
  synopsis: '[--json]',
  strings: [],
  booleans: ['json'],
  operands: NONE,
};

export const VARIANTS: CommandSpec<never, 'json'> = { ...PRESETS, name: 'variants' };

export const SITES: CommandSpec<never, 'json'> = {
  name: 'sites',
  synopsis: 'PATH [--json]',
  strings: [],
  booleans: ['json'],
  operands: { name: 'PATH', min: 1, max: 1 },
};

export const DETECT: CommandSpec<'series', 'json'> = {
  name: 'detect',
  synopsis: 'PATH [--series FILE] [--json]',
  strings: ['series'],
  booleans: ['json'],
  operands: { name: 'PATH', min: 1, max: 1 },
};

export const IMPORT: CommandSpec<'preset' | 'scenario' | 'variant' | 'set', 'json'> = {
  name: 'import',
  synopsis: 'FILE... [--preset NAME | --scenario FILE] [--variant ID]... [--set path=value]... [--json]',
  strings: ['preset', 'scenario', 'variant', 'set'],
  booleans: ['json'],
  operands: { name: 'FILE', min: 1, max: Infinity },
  exclusive: ['preset', 'scenario'],
};
