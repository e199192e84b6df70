/**
 * The streaming ZIP writer: what goes in comes out (names in order, bytes, UTF-8 names),
 * stored parts stay stored, sizes sit in the local headers (no data descriptors, which
 * some Office versions mishandle), and the same parts give the same bytes.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ZipWriter } from './zip.ts';

const PARTS: [string, string | Buffer, boolean][] = [
  ['[Content_Types].xml', '<Types/>', false],
  ['ppt/slides/slide1.xml', `<p:sld>${'進捗状況'.repeat(5000)}</p:sld>`, false],
  ['ppt/embeddings/book.xlsx', Buffer.from([0x50, 0x4b, 3, 4, 0, 1, 2, 255]), true],
  ['ppt/日本語.xml', '', false],
];

async function write(): Promise<Buffer> {
  const zip = new ZipWriter();
  for (const [name, data, store] of PARTS) {
    zip.add(name, data, { store });
    await zip.drain();
  }
  return zip.finish();
}

/** [name, general-purpose flags, method] of each local file header, in file order. */
function localHeaders(buf: Buffer): [string, number, number][] {
  const out: [string, number, number][] = [];
  let at = 0;
  while (buf.readUInt32LE(at) === 0x04034b50) {
    const nameLen = buf.readUInt16LE(at + 26);
    const extraLen = buf.readUInt16LE(at + 28);
    const name = buf.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    out.push([name, buf.readUInt16LE(at + 6), buf.readUInt16LE(at + 8)]);
    at += 30 + nameLen + extraLen + buf.readUInt32LE(at + 18);
  }
  return out;
}

describe('ZipWriter', () => {
  it('yields a zip whose parts match what was added', async () => {
    const buf = await write();
    const zip = await JSZip.loadAsync(buf);
    expect(Object.keys(zip.files)).toEqual(PARTS.map(([name]) => name));
    for (const [name, data] of PARTS) {
      const back = Buffer.from(await zip.file(name)!.async('uint8array'));
      expect(back.equals(Buffer.from(data)), name).toBe(true);
    }
  });

  it('deflates XML, stores what is marked so, and writes sizes in the local headers', async () => {
    const buf = await write();
    const headers = localHeaders(buf);
    expect(headers.map(([name]) => name)).toEqual(PARTS.map(([name]) => name));
    for (const [[name, flags, method], [, , store]] of headers.map((h, i) => [h, PARTS[i]!] as const)) {
      expect(flags & 0x8, `${name}: data descriptor`).toBe(0);
      expect(method, name).toBe(store ? 0 : 8);
    }
    expect(buf.length).toBeLessThan(Buffer.byteLength(PARTS[1]![1]) / 10);
  });

  it('writes the same bytes for the same parts', async () => {
    expect((await write()).equals(await write())).toBe(true);
  });
});
