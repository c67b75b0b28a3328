// What the timeline showed last, kept where a window reload cannot lose it: a small JSON file in
// the extension's workspace storage folder, written synchronously by the extension host (on the
// machine the host runs on) each time the timeline shows a run. The page's own saved state goes
// through the workbench, which persists it with its editors and can lose the last save on a reload
// (docs/limits.md); this record is what the revived timeline is checked against (timelineRevival.ts).
// It holds the run's key (runKey) and how to build the run again, never the run itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { runKey, type TimelineRun } from '../protocol/messages';
import type { AlignMode } from '../core/trace';
import type { SimulationRequest } from './simulationRequest';
import { log } from './log';

/** A simulation as the timeline shows it: the request (with the configured duration) and its title. */
export type ShownRequest = SimulationRequest & { title: string; site?: TimelineRun['site'] };

/** How "Compare with simulation…" was answered: the scenario ("case" or a preset), variants, alignment. */
export interface CompareSpec {
  preset: string;
  variants: string[];
  mode: AlignMode;
  sets?: string[];
}

/** How to build a shown run again. */
export type TimelineRecipe =
  | { kind: 'simulate'; request: ShownRequest }
  | { kind: 'import'; paths: string[] }
  | { kind: 'compare'; paths: string[]; compare: CompareSpec };

export interface TimelineRecord {
  v: 1;
  /** runKey() of the run shown: what the revived page's `ready {restored}` is compared with. */
  key: string;
  title: string;
  recipe: TimelineRecipe;
}

const FILE = 'timeline-last-shown.json';
/** The record holds at most a scenario file's text (1 MiB) besides small fields. */
const MAX_BYTES = 8 * 1024 * 1024;

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function isRecipe(r: unknown): r is TimelineRecipe {
  const x = r as Record<string, unknown> | null;
  if (typeof x !== 'object' || x === null) return false;
  const req = x.request as Record<string, unknown> | null;
  const cmp = x.compare as Record<string, unknown> | null;
  switch (x.kind) {
    case 'simulate':
      return (
        typeof req === 'object' && req !== null && typeof req.title === 'string' && strings(req.variants)
      );
    case 'import':
      return strings(x.paths);
    case 'compare':
      return (
        strings(x.paths) &&
        typeof cmp === 'object' &&
        cmp !== null &&
        typeof cmp.preset === 'string' &&
        strings(cmp.variants) &&
        (cmp.mode === 'order' || cmp.mode === 'time') &&
        (cmp.sets === undefined || strings(cmp.sets))
      );
    default:
      return false;
  }
}

function isRecord(v: unknown): v is TimelineRecord {
  const x = v as Partial<TimelineRecord> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    x.v === 1 &&
    typeof x.key === 'string' &&
    typeof x.title === 'string' &&
    isRecipe(x.recipe)
  );
}

export class TimelineRecorder {
  /** `dir`: a folder on the host's disk; undefined records nothing (no file system storage). */
  constructor(private readonly dir: string | undefined) {}

  /** The workspace's storage folder (the global one without a workspace) when it is on disk. */
  static of(ext: vscode.ExtensionContext): TimelineRecorder {
    const uri = ext.storageUri ?? ext.globalStorageUri;
    return new TimelineRecorder(uri.scheme === 'file' ? uri.fsPath : undefined);
  }

  private get file(): string | undefined {
    return this.dir && path.join(this.dir, FILE);
  }

  /** Records `run` as shown, with how to build it again; written before the call returns. */
  save(run: TimelineRun, recipe: TimelineRecipe): void {
    const file = this.file;
    if (!file || !this.dir) return;
    const record: TimelineRecord = { v: 1, key: runKey(run), title: run.title, recipe };
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      // Write, then rename: a reload in between leaves the previous record whole.
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(record));
      fs.renameSync(`${file}.tmp`, file);
    } catch (e) {
      log.warn(`cannot record the shown run in ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The last recorded run; undefined when there is none or the file is not a record. */
  load(): TimelineRecord | undefined {
    const file = this.file;
    if (!file || !fs.existsSync(file)) return undefined;
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_BYTES) throw new Error(`${size} bytes, over ${MAX_BYTES}`);
      const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (isRecord(v)) return v;
      log.warn(`${file}: not a record of a shown run; ignored`);
    } catch (e) {
      log.warn(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return undefined;
  }
}
