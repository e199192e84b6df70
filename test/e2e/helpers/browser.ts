/**
 * Finds and launches the system Chromium for browser tests (playwright-core never downloads
 * one). Without a browser the tests are skipped with one line, except on CI where that fails.
 * `describeInBrowser` is the set-up every browser test file shares: server, accounts, browser.
 */
import fs from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { startServer, type RunningServer } from './server.ts';
import { ApiSession, addUsers, signIn } from './session.ts';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | null {
  return CANDIDATES.find((p): p is string => !!p && fs.existsSync(p)) ?? null;
}

/** The browser to test with, or null (with a printed reason) when the tests should skip. */
export function chromiumOrSkip(): string | null {
  const found = findChromium();
  if (found) return found;
  if (process.env.CI === 'true') {
    throw new Error(
      'no Chromium found (CI=true): install it with `apt-get install -y chromium fonts-noto-cjk`',
    );
  }
  console.log('e2e: no Chromium found (/usr/bin/chromium); skipping the browser tests');
  return null;
}

/** Each context created from this browser gets a fresh profile (launch, not persistent). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}

export interface BrowserSuiteOptions {
  /** Accounts made with `shinchoku user add` once the server runs, all with `password`. */
  users?: string[][];
  password?: string;
  /** Runs on the fresh database before the server starts (e.g. `import FILE`). */
  prepare?: (databaseUrl: string) => Promise<void>;
  /** A port chosen beforehand (e.g. for a redirect URI), and further server environment. */
  port?: number;
  env?: Record<string, string>;
  /** The viewport of every context the suite opens unless the test gives its own. */
  viewport?: { width: number; height: number };
}

/** The server, browser and sessions of one browser test file, ready inside its tests. */
export interface BrowserSuite {
  /** The server's base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly browser: Browser;
  readonly server: RunningServer;
  /** A fresh browser profile whose actions wait up to 60 s (the machine may be loaded). */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A fresh profile signed in as `login` through the login page, on "my tasks". */
  signIn(login: string, options?: BrowserContextOptions): Promise<Page>;
  /** An API session as `login`, for set-up and checks that are not the point of the test. */
  api(login: string): Promise<ApiSession>;
}

/**
 * A `describe` block with the real server (a fresh SQLite file with the sample) and Chromium
 * started before its tests and stopped after them; skipped (or failing on CI) without Chromium.
 * Options may be computed in the hook, e.g. to start an identity provider first.
 * @example
 * describeInBrowser('the tasks screen', { password: PASSWORD, users: [['e2e-mic', '--role', 'editor', '--org', 'mic']] },
 *   (suite) => { it('lists the items', async () => { const page = await suite.signIn('e2e-mic'); … }) });
 */
export function describeInBrowser(
  title: string,
  options: BrowserSuiteOptions | (() => Promise<BrowserSuiteOptions>),
  tests: (suite: BrowserSuite) => void,
): void {
  const executable = chromiumOrSkip();
  describe.skipIf(!executable)(title, () => {
    let started: { server: RunningServer; browser: Browser; options: BrowserSuiteOptions } | undefined;
    let server: RunningServer | undefined;
    let browser: Browser | undefined;
    const running = () => {
      if (!started) throw new Error('the browser suite has not started (used outside a test?)');
      return started;
    };

    beforeAll(async () => {
      if (!executable) throw new Error('no Chromium');
      const resolved = typeof options === 'function' ? await options() : options;
      let databaseUrl = '';
      server = await startServer(
        240_000,
        async (url) => {
          databaseUrl = url;
          await resolved.prepare?.(url);
        },
        { port: resolved.port, env: resolved.env },
      );
      if (resolved.users) await addUsers(databaseUrl, password(resolved), resolved.users);
      browser = await launchChromium(executable);
      started = { server, browser, options: resolved };
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    const suite: BrowserSuite = {
      get url() {
        return running().server.url;
      },
      get browser() {
        return running().browser;
      },
      get server() {
        return running().server;
      },
      async context(contextOptions = {}) {
        const { browser, options: resolved } = running();
        const context = await browser.newContext({
          viewport: resolved.viewport ?? { width: 1280, height: 900 },
          ...contextOptions,
        });
        context.setDefaultTimeout(60_000);
        return context;
      },
      async signIn(login, contextOptions) {
        const { server, options: resolved } = running();
        return signIn(await suite.context(contextOptions), server.url, login, password(resolved));
      },
      async api(login) {
        const { server, options: resolved } = running();
        return new ApiSession(server.url, password(resolved)).login(login);
      },
    };
    tests(suite);
  });
}

function password(options: BrowserSuiteOptions): string {
  if (!options.password) throw new Error('the browser suite was given no password for its accounts');
  return options.password;
}
