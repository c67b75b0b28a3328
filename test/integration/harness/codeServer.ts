// code-server (VS Code 1.100 from npm) for the tests: a fresh user-data and extensions
// folder, the VSIX installed, listening on 127.0.0.1 on a free port, in its own process
// group so that stop() ends it together with its extension hosts.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** User settings: nothing that phones home, no welcome pages, no trust prompt, light watcher. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'files.watcherExclude': { '**': true },
  'search.followSymlinks': false,
  'window.restoreWindows': 'none',
};

export interface CodeServerOptions {
  bin: string;
  /** VSIX to install into the fresh extensions folder (none: nothing installed). */
  vsix?: string;
  /** Folder opened by default. */
  workspace: string;
  /** code-server's output goes to this file. */
  logFile: string;
  /** Added to code-server's environment, which its extension hosts inherit. */
  env: Record<string, string>;
  /** Keep the user-data folder after stop() (for debugging). */
  keep?: boolean;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export class CodeServer {
  readonly dir: string;
  port = 0;
  private child: ChildProcess | undefined;
  private readonly onExit = (): void => this.kill('SIGKILL');

  constructor(private readonly opts: CodeServerOptions) {
    this.dir = mkdtempSync(join(tmpdir(), 'mmu-lens-cs-'));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where code-server writes its logs, the extension host's output channels among them. */
  get logsDir(): string {
    return join(this.dir, 'user-data', 'logs');
  }

  /** The pid (== process group id) while running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private common(): string[] {
    return ['--user-data-dir', join(this.dir, 'user-data'), '--extensions-dir', join(this.dir, 'extensions')];
  }

  async install(): Promise<void> {
    mkdirSync(join(this.dir, 'user-data', 'User'), { recursive: true });
    mkdirSync(join(this.dir, 'extensions'), { recursive: true });
    writeFileSync(join(this.dir, 'user-data', 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    if (this.opts.vsix) {
      try {
        await execFileP(this.opts.bin, [...this.common(), '--install-extension', this.opts.vsix], {
          env: { ...process.env, ...this.opts.env },
          timeout: 120_000,
        });
      } catch (e) {
        const text = e instanceof Error ? e.message : String(e);
        const hint = /not compatible with VS Code/.test(text)
          ? '\nhint: package.json engines.vscode must accept 1.100 (e.g. "^1.90.0"; a bare "1.90.0" means exactly 1.90.0)'
          : '';
        throw new Error(
          `code-server --install-extension failed: ${text.split('\n').find((l) => /Error:/.test(l)) ?? text}${hint}`,
        );
      }
    }
  }

  async start(): Promise<void> {
    this.port = await freePort();
    const config = join(this.dir, 'config.yaml');
    writeFileSync(config, `bind-addr: 127.0.0.1:${this.port}\nauth: none\ncert: false\n`);
    const log = openSync(this.opts.logFile, 'w');
    this.child = spawn(
      this.opts.bin,
      [
        '--config',
        config,
        ...this.common(),
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        this.opts.workspace,
      ],
      { detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...this.opts.env } },
    );
    process.once('exit', this.onExit);
    const exited = new Promise<never>((_, reject) =>
      this.child?.once('exit', (code, sig) =>
        reject(new Error(`code-server exited early (${code ?? sig}); see ${this.opts.logFile}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([this.waitHealthy(60_000), exited]);
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const r = await fetch(`${this.baseUrl}/healthz`);
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`code-server not healthy after ${timeoutMs} ms; see ${this.opts.logFile}`);
  }

  private kill(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (!pid || this.child?.exitCode !== null) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** Stop code-server and everything it started (extension hosts, pty hosts…). */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      this.kill('SIGTERM');
      const timer = setTimeout(() => this.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    // Stragglers of the group (extension hosts) once the leader is gone.
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // group empty
      }
    }
    process.removeListener('exit', this.onExit);
    this.child = undefined;
    if (!this.opts.keep) rmSync(this.dir, { recursive: true, force: true });
  }
}
