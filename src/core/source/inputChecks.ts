// Inputs the analysis refuses, with a message that names the file and the problem.
import { SourceDiagnostic } from './types';

export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

/** Checks raw bytes before decoding: size, binary content (NUL bytes), UTF-8 validity. */
export function checkSourceBytes(file: string, bytes: Uint8Array): SourceDiagnostic | undefined {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return {
      file,
      severity: 'error',
      message: `${file}: file is ${bytes.length} bytes, over the 5 MB limit; not scanned`,
    };
  }
  const probe = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (probe.indexOf(0) >= 0)
    return { file, severity: 'error', message: `${file}: binary file (NUL bytes); not scanned` };
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; a non-UTF-8 file is reported (and decoded leniently so lines still count). */
export function decodeSource(
  file: string,
  bytes: Uint8Array,
): { text: string; diagnostic?: SourceDiagnostic } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const bad = text.indexOf('\ufffd');
    const line = bad < 0 ? undefined : text.slice(0, bad).split('\n').length;
    return {
      text,
      diagnostic: {
        file,
        severity: 'warning',
        line,
        message: `${file}: not valid UTF-8${line ? ` (first bad byte on line ${line})` : ''}; scanned with replacement characters`,
      },
    };
  }
}

/** Checks an already-decoded text (the editor's buffer): size and NUL characters. */
export function checkSourceText(file: string, text: string): SourceDiagnostic | undefined {
  if (text.length > MAX_SOURCE_BYTES) {
    return {
      file,
      severity: 'error',
      message: `${file}: text is ${text.length} characters, over the 5 MB limit; not scanned`,
    };
  }
  if (text.indexOf('\0') >= 0)
    return { file, severity: 'error', message: `${file}: binary content (NUL characters); not scanned` };
  return undefined;
}
