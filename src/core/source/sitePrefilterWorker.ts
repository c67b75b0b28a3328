// NODE ONLY, a worker_threads entry (bundled as dist/sitePrefilterWorker.js): prefilters the shares
// of a folder's files that sitePrefilterPool.ts sends it, one message per share, until terminated.
import { parentPort } from 'node:worker_threads';
import { prefilterFiles, PREFILTER_READ_BYTES } from './sitePrefilter';
import type { PrefilterReply, PrefilterShare } from './sitePrefilterPool';

const buf = Buffer.allocUnsafe(PREFILTER_READ_BYTES);
parentPort?.on('message', (share: PrefilterShare) => {
  const result = prefilterFiles(share.files, 0, share.files.length, buf);
  const reply: PrefilterReply = { id: share.id, result };
  parentPort?.postMessage(reply);
});
