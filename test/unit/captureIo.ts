// The CLI's output and error streams captured as lines, for tests that run a subcommand in-process.

export interface CapturedIo {
  io: { out: (s: string) => void; err: (s: string) => void };
  out: string[];
  err: string[];
}

export function capture(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s) => out.push(s), err: (s) => err.push(s) }, out, err };
}
