/**
 * Bytes → text for imported text files (report text, CSV). Accepts UTF-8 (with or without
 * BOM), UTF-16 with a BOM, and Shift_JIS (what Excel on Japanese Windows still writes);
 * refuses empty files, files over the size limit and binary data, with one clear problem.
 */
import { problem, type ImportResult } from './problems.ts';

export const MAX_TEXT_BYTES = 5 * 1024 * 1024;

/** Share of control characters above which a "text" is taken for binary data. */
const MAX_CONTROL_SHARE = 0.01;

function decodeWith(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let control = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) control++;
  }
  return control > Math.max(2, text.length * MAX_CONTROL_SHARE);
}

/**
 * Decodes a text file, or says why it is not one.
 * @example decodeText(Buffer.from('\uFEFF概況')) // { ok: true, value: { text: '概況', encoding: 'utf-8' }, … }
 */
export function decodeText(
  bytes: Uint8Array,
  file: string,
  maxBytes = MAX_TEXT_BYTES,
): ImportResult<{ text: string; encoding: string }> {
  const where = { sheet: file };
  if (bytes.length === 0) return { ok: false, problems: [problem('error', 'file.empty', { file }, where)] };
  if (bytes.length > maxBytes) {
    const params = { file, size: mb(bytes.length), limit: mb(maxBytes) };
    return { ok: false, problems: [problem('error', 'file.too_large', params, where)] };
  }
  const [b0, b1, b2] = bytes;
  let encoding = 'utf-8';
  let text: string | null;
  if (b0 === 0xff && b1 === 0xfe) text = decodeWith((encoding = 'utf-16le'), bytes.subarray(2));
  else if (b0 === 0xfe && b1 === 0xff) text = decodeWith((encoding = 'utf-16be'), bytes.subarray(2));
  else {
    const body = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? bytes.subarray(3) : bytes;
    text = decodeWith('utf-8', body);
    if (text === null && !bytes.includes(0)) text = decodeWith((encoding = 'shift_jis'), body);
  }
  if (text === null || looksBinary(text)) {
    return { ok: false, problems: [problem('error', 'file.binary', { file }, where)] };
  }
  if (text.trim() === '') return { ok: false, problems: [problem('error', 'file.empty', { file }, where)] };
  return { ok: true, value: { text, encoding }, problems: [] };
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
