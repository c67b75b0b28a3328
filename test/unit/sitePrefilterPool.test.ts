import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanPathSites } from '../../src/core/source/nodeFs';
import { prefilterTree, SHARE_FILES, type PrefilterWorkers } from '../../src/core/source/sitePrefilterPool';
import { requireKernelTree } from './kernelTrees';

// The worker from its TypeScript source, as the bundle would run it (dist/sitePrefilterWorker.js).
const workers = (
  count: number,
  script = join(__dirname, '../../src/core/source/sitePrefilterWorker.ts'),
): PrefilterWorkers => ({
  script,
  execArgv: ['--require', require.resolve('tsx/cjs')],
  count,
});

describe('folder scan: the prefilter on several threads', () => {
  let dir: string;
  const files: string[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mnl-prefilter-'));
    // Five shares' worth of files in nested folders; every 7th holds a site, a few are not readable as files.
    for (let i = 0; i < SHARE_FILES * 5 + 3; i++) {
      const sub = join(dir, `d${i % 13}`);
      mkdirSync(sub, { recursive: true });
      const f = join(sub, `f${i}.c`);
      const body =
        i % 7 === 0
          ? `static void f${i}(struct mmu_notifier_range *r)\n{\n\tmmu_notifier_invalidate_range_start(r);\n}\n`
          : `int f${i}(void) { return mmu_lock_${i}; }\n`;
      writeFileSync(f, body);
      files.push(f);
    }
    files.push(join(dir, 'd0'), join(dir, 'gone.c')); // a folder and a missing file: read errors
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('two workers beside this thread find the same hits and errors as this thread alone', async () => {
    const alone = await prefilterTree(files);
    const threaded = await prefilterTree(files, workers(2));
    assert.equal(alone.threads, 1);
    assert.ok(threaded.threads >= 2, `threads ${threaded.threads}`);
    assert.deepEqual({ ...threaded, threads: 0 }, { ...alone, threads: 0 });
    assert.equal(alone.hits.length, Math.ceil((SHARE_FILES * 5 + 3) / 7));
    assert.deepEqual(
      alone.errors.map((e) => e.why),
      ['a folder, not a regular file; not scanned', 'cannot read (ENOENT)'],
    );
  });

  it('a worker that cannot start hands its shares back: same result, one thread', async () => {
    const alone = await prefilterTree(files);
    const broken = await prefilterTree(files, workers(2, join(dir, 'no-such-worker.js')));
    assert.equal(broken.threads, 1);
    assert.deepEqual({ ...broken, threads: 0 }, { ...alone, threads: 0 });
  });

  it('scanPathSites over a folder: identical sites, counts and diagnostics with and without workers', async () => {
    const alone = await scanPathSites(dir);
    const threaded = await scanPathSites(dir, undefined, { prefilter: workers(2) });
    assert.deepEqual(threaded, alone);
    assert.equal(alone.filesLexed, Math.ceil((SHARE_FILES * 5 + 3) / 7));
  });

  it('all of Linux 6.12: identical scan with and without workers', async function () {
    const root = requireKernelTree(this, '6.12');
    const alone = await scanPathSites(root);
    const threaded = await scanPathSites(root, undefined, { prefilter: workers(1) });
    assert.deepEqual(threaded, alone);
    assert.ok(
      alone.filesRead > 50_000 && alone.sites.length > 200,
      `${alone.filesRead} files, ${alone.sites.length} sites`,
    );
  });
});
