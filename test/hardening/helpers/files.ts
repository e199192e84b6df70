/**
 * Hostile files for the hardening tests: an XLSX zip bomb, a small valid workbook whose one
 * sheet unpacks to hundreds of megabytes of whitespace.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/**
 * A valid workbook whose first sheet unpacks to `megabytes` MB (whitespace inside
 * <sheetData>, so it stays well-formed XML): about 1 KB per MB packed.
 */
export async function xlsxZipBomb(megabytes: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('nodes');
  ws.addRow(['id', 'parent_id', 'title']);
  ws.addRow(['x-p1', '', '柱']);
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const name = Object.keys(zip.files).find((f) => /worksheets\/sheet\d+\.xml$/.test(f))!;
  const sheet = await zip.file(name)!.async('nodebuffer');
  const at = sheet.indexOf('<sheetData>') + '<sheetData>'.length;
  const padding = megabytes * 1024 * 1024;
  const big = Buffer.alloc(sheet.length + padding, 0x20);
  sheet.copy(big, 0, 0, at);
  sheet.copy(big, at + padding, at);
  zip.file(name, big, { compression: 'DEFLATE', compressionOptions: { level: 9 } });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}
