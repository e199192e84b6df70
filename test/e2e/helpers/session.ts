/**
 * Signed-in helpers for the browser tests: an API session (cookie + CSRF token) for set-up
 * and checks through the API, and signing in through the login page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { open } from './pages.ts';
import { runCli } from './server.ts';

/** A cookie session on the API, as the web app holds one. */
export class ApiSession {
  private cookie = '';
  private csrf = '';
  constructor(
    private readonly base: string,
    private readonly password: string,
  ) {}

  async login(login: string): Promise<this> {
    const res = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: this.password }),
    });
    if (!res.ok) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  /** Calls the API; anything but 2xx throws with the answer's text. */
  async call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

/** Signs in on the login page and waits for "my tasks" to have rendered. */
export async function signIn(
  context: BrowserContext,
  base: string,
  login: string,
  password: string,
): Promise<Page> {
  const page = await context.newPage();
  await open(page, base, '/login');
  await page.fill('#login', login);
  await page.fill('#password', password);
  // scoped to the form: the site header has a search button too
  await page.click('main button[type=submit]');
  await page.waitForURL('**/tasks', { timeout: 15_000 }).catch(async (err: unknown) => {
    throw new Error(`sign-in as ${login}: ${await page.textContent('main')}`, { cause: err });
  });
  // The tasks screen is its own chunk: the login form stays until it has arrived.
  await page.waitForSelector('#password', { state: 'detached' });
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('.loading'));
  return page;
}

/**
 * Creates accounts with `shinchoku user add`, all with `password` (the CLI reads it from
 * SHINCHOKU_PASSWORD). Each entry is what follows `user add`: login, then options.
 * @example await addUsers(url, PASSWORD, [['e2e-mic', '--role', 'editor', '--org', 'mic']])
 */
export async function addUsers(databaseUrl: string, password: string, users: string[][]): Promise<void> {
  process.env.SHINCHOKU_PASSWORD = password;
  try {
    for (const args of users) await runCli(['user', 'add', ...args], databaseUrl);
  } finally {
    delete process.env.SHINCHOKU_PASSWORD;
  }
}
