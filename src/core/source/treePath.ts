// Paths that come from a patch, a scenario or the timeline page are relative to a tree's root
// and must stay inside it: this says why one does not, before anything is read. (The Node
// and VS Code readers also resolve symlinks and refuse a real path outside the root.)

/** Why `rel` is not a path inside a tree (absolute, `..`, `.git`, NUL, empty); undefined when it is. */
export function treePathProblem(rel: string): string | undefined {
  if (rel.length === 0) return 'empty path';
  if (rel.length > 4096) return 'path longer than 4096 characters';
  if (rel.includes('\0')) return 'path holds a NUL character';
  if (rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel) || rel.startsWith('\\'))
    return `absolute path '${rel.slice(0, 80)}' leaves the tree`;
  const parts = rel.split(/[\\/]/);
  if (parts.includes('..')) return `path '${rel.slice(0, 80)}' climbs out of the tree with '..'`;
  if (parts.some((p) => p.toLowerCase() === '.git')) return `path '${rel.slice(0, 80)}' is inside .git`;
  return undefined;
}

/** `rel` without `./` segments and doubled slashes (call treePathProblem first). */
export function normalTreePath(rel: string): string {
  return rel
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

/** Whether real path `full` is `root` or inside it (both already resolved, same separator `sep`). */
export function isInsideRoot(root: string, full: string, sep = '/'): boolean {
  const r = root.endsWith(sep) ? root : root + sep;
  return full === root || full.startsWith(r);
}
