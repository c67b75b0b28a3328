// NODE ONLY: reading a file that a user or a tree names, safely. Only regular files are read:
// opening a FIFO would block until a writer comes (forever), and a device such as /dev/zero never
// ends. The file is opened non-blocking, then fstat()ed on the open descriptor (so a symlink is
// judged by what it points to, and nothing can be swapped in between); at most `maxBytes` are read.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** A read, or why not: `error` (cannot open/read), `type` (not a regular file), `size` (over the limit). */
export type BoundedRead =
  { bytes: Buffer; size: number; refused?: undefined } | { refused: string; why: 'error' | 'type' | 'size' };

/** What a non-regular file is, for the message. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

const errCode = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** `file is N bytes, over the 5 MB limit` */
export const overLimit = (size: number, maxBytes: number): string =>
  `file is ${size} bytes, over the ${Math.round(maxBytes / (1024 * 1024))} MB limit`;

/**
 * Reads a regular file of at most `maxBytes`; anything else is refused with the reason (no
 * file name: the caller prefixes the name it shows). A file that grows past the limit while
 * being read is refused too.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<BoundedRead> {
  let fh;
  try {
    fh = await open(path, OPEN_FLAGS);
  } catch (e) {
    return { refused: `cannot read (${errCode(e)})`, why: 'error' };
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { refused: `${fileKind(st)}, not a regular file`, why: 'type' };
    if (st.size > maxBytes) return { refused: overLimit(st.size, maxBytes), why: 'size' };
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, st.size + 1));
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, null);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) break;
    }
    if (n > maxBytes) return { refused: overLimit(n, maxBytes), why: 'size' };
    return { bytes: buf.subarray(0, n), size: n };
  } catch (e) {
    return { refused: `cannot read (${errCode(e)})`, why: 'error' };
  } finally {
    await fh.close();
  }
}

/**
 * Reads the first `buf.length` bytes of a regular file into `buf` (a reused buffer) and returns
 * how many it read and the file's size; throws an Error whose message is the reason otherwise.
 */
export function readRegularPrefixSync(path: string, buf: Buffer): { length: number; size: number } {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${fileKind(st)}, not a regular file`);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, null);
    return { length: n, size: st.size };
  } finally {
    closeSync(fd);
  }
}
