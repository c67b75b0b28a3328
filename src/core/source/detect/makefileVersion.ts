// The kernel version from the top Makefile's VERSION / PATCHLEVEL / SUBLEVEL / EXTRAVERSION.

export interface KernelVersion {
  major: number;
  minor: number;
  sublevel: number;
  extra: string;
  /** e.g. "6.1.192" or "6.12.0-rc3". */
  text: string;
  line: number;
}

export function parseMakefileVersion(makefile: string): KernelVersion | undefined {
  const field = (name: string): { value: string; line: number } | undefined => {
    const m = new RegExp(`^${name}\\s*=[ \\t]*(.*)$`, 'm').exec(makefile);
    if (!m) return undefined;
    return { value: m[1].trim(), line: makefile.slice(0, m.index).split('\n').length };
  };
  const v = field('VERSION');
  const p = field('PATCHLEVEL');
  if (!v || !p || !/^\d+$/.test(v.value) || !/^\d+$/.test(p.value)) return undefined;
  const s = field('SUBLEVEL');
  const e = field('EXTRAVERSION');
  const sublevel = s && /^\d+$/.test(s.value) ? Number(s.value) : 0;
  const extra = e?.value ?? '';
  const major = Number(v.value);
  const minor = Number(p.value);
  return { major, minor, sublevel, extra, text: `${major}.${minor}.${sublevel}${extra}`, line: v.line };
}
