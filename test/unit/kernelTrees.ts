// Where the unit tests find the real Linux trees that scripts/kernel-trees.sh unpacks:
// ${MMU_LENS_CACHE:-$HOME/.cache/mmu-notifier-lens}/linux-<version> (with its stamp file).
// A test that needs a tree calls requireKernelTree(this, '6.12'): it skips with a message
// when MMU_LENS_NO_TREES=1, and otherwise fails, saying how to unpack the trees.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type KernelTreeVersion = '6.1' | '6.12';

export function kernelTreeCache(): string {
  return process.env.MMU_LENS_CACHE || join(homedir(), '.cache', 'mmu-notifier-lens');
}

/** The unpacked tree's root, or undefined when it is not (completely) unpacked. */
export function kernelTree(version: KernelTreeVersion): string | undefined {
  const root = join(kernelTreeCache(), `linux-${version}`);
  return existsSync(join(root, '.mmu-lens-unpacked')) ? root : undefined;
}

/** The tree, or: skip the test (MMU_LENS_NO_TREES=1) / throw with the fix. */
export function requireKernelTree(ctx: Mocha.Context, version: KernelTreeVersion): string {
  const root = kernelTree(version);
  if (root) return root;
  if (process.env.MMU_LENS_NO_TREES === '1') {
    console.log(`      (skipped: Linux ${version} tree not unpacked and MMU_LENS_NO_TREES=1)`);
    ctx.skip();
  }
  throw new Error(
    `Linux ${version} tree not found under ${kernelTreeCache()}: run \`bash scripts/kernel-trees.sh\` ` +
      '(or set MMU_LENS_NO_TREES=1 to skip the tests that need real trees)',
  );
}
