/**
 * `useVersionedDraft` in a real browser, each state of a form over a versioned record:
 * autosave after a pause, a 409 that keeps the draft (keep mine / take theirs), a 401 that
 * keeps a local copy a reload restores, a failed write, and a record the person may not change.
 * The page (web/src/lib/useVersionedDraft.harness.tsx) plays the server; the hook is the app's own.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip, launchChromium } from './helpers/browser.ts';

/** What the harness page puts on `window` (see the harness). */
declare global {
  interface Window {
    store: {
      record: { id: string; version: number; text: string; locked: boolean };
      answer: 'ok' | '409' | '401' | '500';
      writes: (number | null)[];
    };
    signIn: () => void;
  }
}

const executable = chromiumOrSkip();

describe.skipIf(!executable)('the versioned-draft hook in a browser', () => {
  let server: http.Server;
  let url = '';
  let browser: Browser;

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [path.join(import.meta.dirname, '../../web/src/lib/useVersionedDraft.harness.tsx')],
      bundle: true,
      write: false,
      format: 'esm',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"development"' },
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    const html =
      '<!doctype html><html lang="en"><title>harness</title><main id="root"></main>' +
      '<script type="module" src="/harness.js"></script></html>';
    server = http.createServer((req, res) => {
      const js = req.url === '/harness.js';
      res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html; charset=utf-8' });
      res.end(js ? script : html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (!executable) throw new Error('no Chromium');
    browser = await launchChromium(executable);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function open(query = ''): Promise<Page> {
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${url}/${query}`);
    await page.waitForSelector('form[data-state]');
    return page;
  }

  const form = (page: Page, attr: string) => page.locator('form').getAttribute(`data-${attr}`);
  const store = (page: Page) =>
    page.evaluate(() => window.store) as Promise<{
      record: { version: number; text: string };
      writes: (number | null)[];
    }>;
  const local = (page: Page) => page.evaluate(() => window.localStorage.getItem('harness.note'));

  it('saves after a pause in typing, based on the version it loaded, and drops the local copy', async () => {
    const page = await open('?autosave=200');
    await page.fill('textarea', '二版');
    await page.waitForSelector('form[data-state="saved"]');
    expect(await store(page)).toMatchObject({ record: { version: 2, text: '二版' }, writes: [1] });
    expect(await form(page, 'dirty')).toBe('false');
    expect(await form(page, 'version')).toBe('2');
    expect(await local(page)).toBeNull();
    await page.context().close();
  });

  it('does not write by itself before the pause, and keeps a local copy while typing', async () => {
    const page = await open('?autosave=60000');
    await page.fill('textarea', '書きかけ');
    expect(await form(page, 'dirty')).toBe('true');
    expect(JSON.parse((await local(page)) ?? 'null')).toEqual({ text: '書きかけ' });
    expect((await store(page)).writes).toEqual([]);
    await page.context().close();
  });

  it('on a 409 keeps the draft, shows theirs, and "keep mine" writes over their version', async () => {
    const page = await open();
    await page.evaluate(() => {
      window.store.record = { ...window.store.record, version: 5, text: '他者の版' };
    });
    await page.fill('textarea', '私の版');
    await page.click('button[type=submit]');
    await page.waitForSelector('#conflict');
    expect(await page.textContent('#theirs')).toBe('他者の版');
    expect(await page.inputValue('textarea')).toBe('私の版');
    await page.click('#keep-mine');
    await page.waitForSelector('#conflict', { state: 'detached' });
    expect(await store(page)).toMatchObject({ record: { version: 6, text: '私の版' }, writes: [1, 5] });
    await page.context().close();
  });

  it('on a 409, "take theirs" shows their record and forgets the draft', async () => {
    const page = await open();
    await page.evaluate(() => {
      window.store.record = { ...window.store.record, version: 3, text: '他者の版' };
    });
    await page.fill('textarea', '捨てる版');
    await page.click('button[type=submit]');
    await page.click('#take-theirs');
    expect(await page.inputValue('textarea')).toBe('他者の版');
    expect(await form(page, 'dirty')).toBe('false');
    expect(await form(page, 'version')).toBe('3');
    expect(await local(page)).toBeNull();
    await page.context().close();
  });

  it('on a 401 keeps the draft locally; a reload restores it and a later write succeeds', async () => {
    const page = await open();
    await page.evaluate(() => {
      window.store.answer = '401';
    });
    await page.fill('textarea', '失いたくない文');
    await page.click('button[type=submit]');
    await page.waitForSelector('form[data-expired="true"]');
    expect(JSON.parse((await local(page)) ?? 'null')).toEqual({ text: '失いたくない文' });

    await page.reload();
    await page.waitForSelector('form[data-restored="true"]');
    expect(await page.inputValue('textarea')).toBe('失いたくない文');
    expect(await form(page, 'dirty')).toBe('true');
    await page.click('button[type=submit]');
    await page.waitForSelector('form[data-state="saved"]');
    expect((await store(page)).record.text).toBe('失いたくない文');
    expect(await local(page)).toBeNull();
    await page.context().close();
  });

  it('after a 401, signing in again in the page lets the same form carry on', async () => {
    const page = await open();
    await page.evaluate(() => {
      window.store.answer = '401';
    });
    await page.fill('textarea', '続きの文');
    await page.click('button[type=submit]');
    await page.waitForSelector('form[data-expired="true"]');
    await page.evaluate(() => {
      window.store.answer = 'ok';
      window.signIn();
    });
    await page.waitForSelector('form[data-expired="false"]');
    await page.click('button[type=submit]');
    await page.waitForSelector('form[data-state="saved"]');
    expect((await store(page)).record).toMatchObject({ version: 2, text: '続きの文' });
    await page.context().close();
  });

  it('on a server error keeps the draft and its local copy and says so; discard returns to the record', async () => {
    const page = await open();
    await page.evaluate(() => {
      window.store.answer = '500';
    });
    await page.fill('textarea', '保存できない文');
    await page.click('button[type=submit]');
    await page.waitForSelector('form[data-state="failed"]');
    expect(await page.textContent('#error')).toBe('server failed');
    expect(await page.inputValue('textarea')).toBe('保存できない文');
    expect(JSON.parse((await local(page)) ?? 'null')).toEqual({ text: '保存できない文' });
    await page.click('#discard');
    expect(await page.inputValue('textarea')).toBe('初版');
    expect(await local(page)).toBeNull();
    await page.context().close();
  });

  it('never autosaves a record the person may not change', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      Object.defineProperty(window, 'store', {
        configurable: true,
        set(value: typeof window.store) {
          Object.defineProperty(window, 'store', {
            value: { ...value, record: { ...value.record, locked: true } },
            writable: true,
          });
        },
      });
    });
    await page.goto(`${url}/?autosave=50`);
    await page.waitForSelector('form[data-state]');
    await page.fill('textarea', '変えられない');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.store.record.locked)).toBe(true);
    expect((await store(page)).writes).toEqual([]);
    await context.close();
  });
});
