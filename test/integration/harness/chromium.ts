// How this project starts Debian's Chromium headless (tests and benches alike): no sandbox
// (root), no GPU, and none of Chromium's background network traffic, which this machine's
// closed network would refuse.
export const CHROMIUM = process.env.MMU_LENS_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
