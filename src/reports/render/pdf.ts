/**
 * PDF printed from the report HTML by headless Chromium (playwright-core drives the system
 * browser; nothing is downloaded). Every network request from the page is refused: the
 * HTML is self-contained, so a request would be a bug, never a dependency.
 *
 * One browser per process and executable, started on the first PDF and kept warm (a launch
 * costs seconds; a print from a warm browser a fraction): each PDF gets its own context, at
 * most MAX_PRINTING at once, MAX_WAITING more queued, and the rest refused with 503. A
 * browser that crashed or was closed is started again by the next PDF; one idle for
 * IDLE_CLOSE_MS is closed to give its memory back.
 *
 * The PDF is tagged (its structure readable by screen readers) with bookmarks from the
 * headings. Its fonts are named and embedded when the print font (html-style.ts) is a
 * TrueType face; Chromium writes CFF faces such as Noto Sans CJK as unnamed Type 3 glyphs.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { AppError } from '../../domain/errors.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** PDFs printed at once by one browser, and requests that may wait for a turn. */
export const MAX_PRINTING = 2;
export const MAX_WAITING = 16;
const IDLE_CLOSE_MS = 10 * 60_000;

/** The Chromium to use: the configured path (CHROMIUM_PATH), else /usr/bin/chromium; null when neither exists. */
export function findChromium(configured?: string): string | null {
  for (const path of [configured, '/usr/bin/chromium']) if (path && fs.existsSync(path)) return path;
  return null;
}

export const CHROMIUM_MISSING =
  'PDF needs Chromium and Japanese fonts: apt-get install chromium fonts-noto-cjk fonts-morisawa-bizud-gothic (or set CHROMIUM_PATH)';

export async function launchChromium(configured?: string): Promise<Browser> {
  const executablePath = findChromium(configured);
  if (executablePath === null) throw new AppError('unavailable', CHROMIUM_MISSING);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** One warm browser and the queue of PDFs waiting for it. */
class Printer {
  private browser: Promise<Browser> | null = null;
  private printing = 0;
  private readonly queue: (() => void)[] = [];
  private idle: NodeJS.Timeout | null = null;
  /** Browsers started so far (1 while none crashed). */
  launches = 0;

  constructor(private readonly executablePath: string) {}

  async print(html: string): Promise<Buffer> {
    await this.turn();
    try {
      return await this.printOnce(html);
    } catch (err) {
      // The browser died under this PDF (crash, killed): once more on a new one.
      if (this.browser !== null && (await this.browser.catch(() => null))?.isConnected()) throw err;
      this.browser = null;
      return await this.printOnce(html);
    } finally {
      this.done();
    }
  }

  private turn(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (this.printing < MAX_PRINTING) {
      this.printing += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= MAX_WAITING) {
      return Promise.reject(new AppError('unavailable', 'too many PDFs are being printed; retry shortly'));
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private done(): void {
    const next = this.queue.shift();
    if (next) return next(); // the turn passes on; `printing` stays
    this.printing -= 1;
    if (this.printing === 0) {
      this.idle = setTimeout(() => void this.close(), IDLE_CLOSE_MS);
      this.idle.unref();
    }
  }

  private launch(): Promise<Browser> {
    if (this.browser) return this.browser;
    this.launches += 1;
    const launching = chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS });
    this.browser = launching;
    launching.then(
      (browser) =>
        browser.on('disconnected', () => {
          if (this.browser === launching) this.browser = null;
        }),
      () => {
        if (this.browser === launching) this.browser = null;
      },
    );
    return launching;
  }

  private async printOnce(html: string): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    try {
      await context.route('**/*', (route) => route.abort());
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        landscape: true,
        format: 'A4',
        tagged: true,
        outline: true,
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    const running = await browser?.catch(() => null);
    await running?.close();
  }
}

const printers = new Map<string, Printer>();

function printerFor(configured?: string): Printer {
  const executablePath = findChromium(configured);
  if (executablePath === null) throw new AppError('unavailable', CHROMIUM_MISSING);
  let printer = printers.get(executablePath);
  if (!printer) printers.set(executablePath, (printer = new Printer(executablePath)));
  return printer;
}

/** Prints HTML to an A4-landscape PDF (the page size comes from the HTML's @page rule). */
export async function renderPdf(html: string, opts: { chromiumPath?: string } = {}): Promise<Buffer> {
  return printerFor(opts.chromiumPath).print(html);
}

/** How many browsers this process has started for PDFs (a restart after a crash adds one). */
export function pdfBrowserLaunches(): number {
  return [...printers.values()].reduce((sum, p) => sum + p.launches, 0);
}

/** Closes the warm browsers (at shutdown, at the end of a CLI command); the next PDF starts one. */
export async function closePdfBrowsers(): Promise<void> {
  await Promise.all([...printers.values()].map((p) => p.close()));
}
