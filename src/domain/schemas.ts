/**
 * JSON Schema documents of the file formats, generated from their zod schemas. The
 * committed copies under schemas/ are checked against these by a test (schemas.test.ts);
 * `npm run schemas` rewrites them.
 */
import { z } from 'zod';
import { StrategyExport } from './interchange.ts';

export interface SchemaFile {
  file: string;
  title: string;
  schema: z.ZodType;
}

/** Every schema file in schemas/, by file name. Other modules add theirs here. */
export const SCHEMA_FILES: SchemaFile[] = [
  {
    file: 'strategy-export.v1.json',
    title: 'shinchoku strategy interchange format, version 1 (shinchoku export / import)',
    schema: StrategyExport,
  },
];

export function renderSchema(entry: SchemaFile): string {
  const json = z.toJSONSchema(entry.schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return `${JSON.stringify({ ...json, $id: `https://shinchoku.invalid/schemas/${entry.file}`, title: entry.title }, null, 2)}\n`;
}
