/**
 * Imports that start from documents rather than from the interchange format: a progress
 * report's text (importers/report-text) and a strategy's structure in CSV/XLSX
 * (importers/structure). The importers are pure; this is where the organisations they map
 * ministry names to come from, and where a checked structure is loaded.
 */
import type { Db } from '../db/database.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import { StrategyExport, type OrganisationRecord } from '../domain/interchange.ts';
import type { ImportResult } from '../importers/problems.ts';
import type { ReportImport, ReportImportOptions } from '../importers/report-text/index.ts';
import { readReportFile } from '../importers/report-text/read-file.ts';
import {
  importStructure,
  readTables,
  type InputFile,
  type StructureImport,
  type StructureImportOptions,
} from '../importers/structure/index.ts';
import { importStrategy, type ImportResult as LoadResult } from './interchange.service.ts';
import { readSample } from './sample.service.ts';

/**
 * The organisations ministry names are matched against: the database's when there is one
 * with organisations in it, otherwise the sample's (the ministries of the Japanese government).
 */
export async function knownOrganisations(db: Db | null): Promise<OrganisationRecord[]> {
  const rows = db ? await orgRepo.listOrganisations(db.kysely) : [];
  if (rows.length > 0) {
    return rows.map((o) => ({
      id: o.id,
      shortName: o.shortName,
      nameJa: o.nameJa,
      nameEn: o.nameEn,
      aliases: o.aliases,
    }));
  }
  return StrategyExport.parse(await readSample()).organisations;
}

/** A report file's bytes (PDF, PPTX, HTML, Markdown or text) → a draft strategy (nothing is written anywhere). */
export function recoverReport(
  file: InputFile,
  opts: ReportImportOptions,
): Promise<ImportResult<ReportImport>> {
  return readReportFile(file, opts);
}

/** CSV/XLSX files → a checked new strategy (nothing is written anywhere). */
export async function readStructure(
  files: readonly InputFile[],
  opts: StructureImportOptions,
): Promise<ImportResult<StructureImport>> {
  const tables = await readTables(files);
  if (!tables.ok) return tables;
  const result = importStructure(tables.value, opts);
  return result.ok ? { ...result, problems: [...tables.problems, ...result.problems] } : result;
}

/** Loads a checked structure into the database (one transaction, like `shinchoku import`). */
export async function loadStructure(
  db: Db,
  structure: StructureImport,
  opts: { replace?: boolean; actor?: string } = {},
): Promise<LoadResult> {
  return importStrategy(db, structure.draft, {
    actor: opts.actor ?? 'system:import-structure',
    replace: opts.replace ?? false,
  });
}
