/**
 * Starts the real server (`node bin/shinchoku.js serve`) on a free port with its own SQLite
 * file and waits for /api/health; the web app is built first when it is out of date.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureWebBuild } from '../../helpers/web-build.ts';

export interface RunningServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer /api/health within ${timeoutMs} ms`);
}

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Runs the CLI once (e.g. `import FILE`) against a database; rejects on a non-zero exit. */
export async function runCli(args: string[], databaseUrl: string): Promise<string> {
  const child = spawn(process.execPath, ['bin/shinchoku.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`shinchoku ${args.join(' ')} exited with ${code}: ${out}`);
  return out;
}

/**
 * Starts the server on a fresh SQLite file (filled with the sample on first start), or on
 * `prepare`'s database when given: it receives the DATABASE_URL before the server starts.
 */
export async function startServer(
  timeoutMs = 120_000,
  prepare?: (databaseUrl: string) => Promise<void>,
  /** A port chosen beforehand (e.g. for a redirect URI), and further environment. */
  options: { port?: number; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const root = ROOT;
  await ensureWebBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-e2e-'));
  const databaseUrl = `sqlite:${path.join(dir, 'e2e.db')}`;
  if (prepare) await prepare(databaseUrl);
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['bin/shinchoku.js', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  child.once('exit', (code, signal) => (log += `\n[server exited: code ${code}, signal ${signal}]\n`));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, timeoutMs);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${log}`, { cause: err });
  }
  return { url, output: () => log, stop };
}
