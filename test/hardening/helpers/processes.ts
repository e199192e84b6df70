/**
 * Real processes for the hardening tests: the server (`shinchoku serve --no-sample`) on a
 * free loopback port, and CLI commands that a test may kill half-way. Every child is
 * remembered, so that `killChildren()` in afterAll leaves nothing running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { BIN, ROOT } from '../../helpers/cli.ts';
import { ensureWebBuild } from '../../helpers/web-build.ts';

const children = new Set<ChildProcess>();

/** SIGKILLs every child this test file started and waits until each has exited. */
export async function killChildren(): Promise<void> {
  await Promise.all([...children].map((child) => kill9(child)));
}

/** SIGKILL, the way a power cut or the OOM killer ends a process: no handler runs. */
export async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  children.delete(child);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address() as net.AddressInfo;
      srv.close(() => resolve(address.port));
    });
  });
}

function spawnShinchoku(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export interface RunningCommand {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  done: Promise<number | null>;
}

/** Starts a `shinchoku` command without waiting for it. */
export function startCommand(args: string[], env: Record<string, string>): RunningCommand {
  const child = spawnShinchoku(args, env);
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => log, done };
}

/** Runs a `shinchoku` command to its end (killed after `timeoutMs`). */
export async function runCommand(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<{ code: number | null; output: string }> {
  const cmd = startCommand(args, env);
  const timer = setTimeout(() => void kill9(cmd.child), timeoutMs);
  const code = await cmd.done;
  clearTimeout(timer);
  return { code, output: cmd.output() };
}

export interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Kills the server with SIGKILL (no shutdown handler runs). */
  crash: () => Promise<void>;
}

/**
 * Starts `shinchoku serve --no-sample` on DATABASE_URL (and `env`) and waits for /api/health. The web
 * bundle is brought up to date first, once, so that the server does not spend its start
 * building it.
 */
export async function startServer(
  databaseUrl: string,
  timeoutMs = 90_000,
  env: Record<string, string> = {},
): Promise<Server> {
  await ensureWebBuild();
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const cmd = startCommand(['serve', '--no-sample'], {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      ...env,
    });
    const url = `http://127.0.0.1:${port}`;
    const server = { url, child: cmd.child, output: cmd.output, crash: () => kill9(cmd.child) };
    const ready = await waitForHealth(url, cmd, timeoutMs);
    if (ready === 'ok') return server;
    await server.crash();
    // Another process took the port between freePort() and listen(): try another one.
    if (ready === 'port-taken' && attempt < 3) continue;
    throw new Error(`the server did not start (${ready}):\n${cmd.output()}`);
  }
}

async function waitForHealth(
  url: string,
  cmd: RunningCommand,
  timeoutMs: number,
): Promise<'ok' | 'port-taken' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cmd.child.exitCode !== null) {
      return /already in use/.test(cmd.output()) ? 'port-taken' : 'exited';
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return 'ok';
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return 'timeout';
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
