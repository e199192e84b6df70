/**
 * Checks an uploaded .xlsx (a ZIP archive) before anything unpacks it: the signature
 * (a password-protected workbook is an OLE file, not a ZIP), the central directory, and the
 * real unpacked size of every entry. Sizes in the directory can lie, so each entry is
 * inflated here with a hard output cap: a zip bomb stops at the cap instead of filling
 * memory inside exceljs.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Most bytes all entries together may unpack to. */
  maxUnpacked: number;
  /** Largest unpacked/packed ratio of an entry larger than `ratioFloor`. */
  maxRatio: number;
  /** Entries below this unpacked size are never judged by their ratio. */
  ratioFloor: number;
  maxEntries: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxUnpacked: 50 * 1024 * 1024,
  maxRatio: 100,
  ratioFloor: 1024 * 1024,
  maxEntries: 1000,
};

export type ZipVerdict =
  | { ok: true; entries: number; unpacked: number }
  | { ok: false; code: 'not_xlsx' | 'encrypted' }
  | { ok: false; code: 'corrupt'; reason: string }
  | { ok: false; code: 'too_large_unpacked'; size: number; limit: number }
  | { ok: false; code: 'ratio'; entry: string; ratio: number };

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** OLE compound file: what Excel writes for encrypted .xlsx and for old .xls. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const corrupt = (reason: string): ZipVerdict => ({ ok: false, code: 'corrupt', reason });

function findEnd(view: DataView): number {
  const last = view.byteLength - 22;
  const first = Math.max(0, last - 0xffff);
  for (let at = last; at >= first; at--) if (view.getUint32(at, true) === END) return at;
  return -1;
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  packed: number;
  unpacked: number;
  offset: number;
}

function readDirectory(bytes: Uint8Array, view: DataView): Entry[] | ZipVerdict {
  const end = findEnd(view);
  if (end < 0) return corrupt('no ZIP end record');
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const start = view.getUint32(end + 16, true);
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff) return corrupt('ZIP64 archive');
  if (start + size > end) return corrupt('central directory out of bounds');
  if (count > ZIP_LIMITS.maxEntries) return corrupt(`${count} entries`);
  const entries: Entry[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) return corrupt('bad central directory');
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > end) return corrupt('bad central directory');
    entries.push({
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      packed: view.getUint32(at + 20, true),
      unpacked: view.getUint32(at + 24, true),
      offset: view.getUint32(at + 42, true),
      name: Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8'),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The packed data of an entry, from its local header. */
function dataOf(bytes: Uint8Array, view: DataView, e: Entry): Uint8Array | null {
  if (e.offset + 30 > bytes.length || view.getUint32(e.offset, true) !== LOCAL) return null;
  const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
  if (start + e.packed > bytes.length) return null;
  return bytes.subarray(start, start + e.packed);
}

/**
 * Whether the bytes are an XLSX archive that is safe to unpack.
 * @example inspectXlsx(fs.readFileSync('survey.xlsx')) // { ok: true, entries: 12, unpacked: 48213 }
 */
export function inspectXlsx(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ZipVerdict {
  if (CFB.every((b, i) => bytes[i] === b)) return { ok: false, code: 'encrypted' };
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return { ok: false, code: 'not_xlsx' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readDirectory(bytes, view);
  if (!Array.isArray(entries)) return entries;
  let declared = 0;
  for (const e of entries) declared += e.unpacked;
  if (declared > limits.maxUnpacked) {
    return { ok: false, code: 'too_large_unpacked', size: declared, limit: limits.maxUnpacked };
  }
  let unpacked = 0;
  for (const e of entries) {
    if (e.flags & 0x1) return { ok: false, code: 'encrypted' };
    if (e.unpacked > limits.ratioFloor && e.unpacked / Math.max(1, e.packed) > limits.maxRatio) {
      return {
        ok: false,
        code: 'ratio',
        entry: e.name,
        ratio: Math.round(e.unpacked / Math.max(1, e.packed)),
      };
    }
    const data = dataOf(bytes, view, e);
    if (!data) return corrupt(`entry ${e.name} out of bounds`);
    let size: number;
    if (e.method === 0) size = data.length;
    else if (e.method === 8) {
      try {
        // One byte more than declared is enough to catch a lying directory.
        size = inflateRawSync(data, { maxOutputLength: Math.max(1, e.unpacked + 1) }).length;
      } catch (err) {
        const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
        return corrupt(
          tooBig ? `entry ${e.name} is larger than declared` : `entry ${e.name} cannot be inflated`,
        );
      }
    } else return corrupt(`entry ${e.name} uses compression method ${e.method}`);
    if (size !== e.unpacked) return corrupt(`entry ${e.name} has the wrong size`);
    unpacked += size;
  }
  return { ok: true, entries: entries.length, unpacked };
}

/**
 * The parts of a ZIP package (a .pptx), each inflated with a hard cap, or why not: the same
 * checks as inspectXlsx, then the bytes of the entries whose names `want` accepts.
 * @example unpackZip(pptxBytes, (n) => n.startsWith('ppt/slides/')) // { ok: true, parts: Map { … } }
 */
export function unpackZip(
  bytes: Uint8Array,
  want: (name: string) => boolean,
  limits: ZipLimits = ZIP_LIMITS,
): { ok: true; parts: Map<string, Buffer> } | Exclude<ZipVerdict, { ok: true }> {
  const verdict = inspectXlsx(bytes, limits);
  if (!verdict.ok) return verdict;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readDirectory(bytes, view);
  if (!Array.isArray(entries)) return { ok: false, code: 'corrupt', reason: 'bad central directory' };
  const parts = new Map<string, Buffer>();
  for (const e of entries) {
    if (!want(e.name)) continue;
    const data = dataOf(bytes, view, e);
    // inspectXlsx has read every entry's data already
    if (!data) return { ok: false, code: 'corrupt', reason: `no data for ${e.name}` };
    parts.set(
      e.name,
      e.method === 0 ? Buffer.from(data) : inflateRawSync(data, { maxOutputLength: Math.max(1, e.unpacked) }),
    );
  }
  return { ok: true, parts };
}
