/**
 * A ZIP package written part by part (yazl): each part is deflated by Node's zlib as it is
 * added and only the compressed bytes are kept, so a deck of hundreds of slides never holds
 * all of its XML at once. Sizes and CRCs go in the local headers (no data descriptors).
 */
import yazl from 'yazl';

// A fixed timestamp keeps the same document byte for byte the same package.
const MTIME = new Date(2000, 0, 1);

export class ZipWriter {
  readonly #zip = new yazl.ZipFile();
  readonly #chunks: Buffer[] = [];
  readonly #done: Promise<Buffer>;

  constructor() {
    const out = this.#zip.outputStream;
    this.#done = new Promise((resolve, reject) => {
      out.on('data', (chunk: Buffer) => this.#chunks.push(chunk));
      out.on('end', () => resolve(Buffer.concat(this.#chunks)));
      out.on('error', reject);
      this.#zip.on('error', reject);
    });
  }

  /** Adds a part; `store` for data that is already compressed (an embedded workbook). */
  add(name: string, data: string | Buffer, opts: { store?: boolean } = {}): void {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.#zip.addBuffer(buf, name, { mtime: MTIME, compress: !opts.store });
  }

  /** Lets zlib's finished work reach the output, so that added parts do not pile up. */
  drain(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Ends the package and returns its bytes. */
  finish(): Promise<Buffer> {
    this.#zip.end();
    return this.#done;
  }
}
