/**
 * The bundled sample: the AI Strategy 2022 follow-up of April 2023 (data/sample).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { importStrategy, type ImportResult } from './interchange.service.ts';

export const SAMPLE_FILE = path.join(PROJECT_ROOT, 'data/sample/ai-strategy-2022.json');

export async function readSample(): Promise<unknown> {
  return JSON.parse(await fs.readFile(SAMPLE_FILE, 'utf8')) as unknown;
}

export async function loadSample(
  db: Db,
  opts: { replace?: boolean; now?: string } = {},
): Promise<ImportResult> {
  return importStrategy(db, await readSample(), {
    actor: 'system:seed',
    replace: opts.replace ?? false,
    ...(opts.now !== undefined && { now: opts.now }),
  });
}
