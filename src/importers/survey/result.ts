/**
 * What an import reports back, the same for the CLI, the API and the benchmark: whether
 * it went through, the problems, the changes (made, or to be made on a dry run) and counts.
 */
import type { Problem } from '../problems.ts';
import type { SurveyMeta } from './read.ts';
import type { EntryChange, ObservationChange, SurveyPlan } from './validate.ts';

export interface SurveyImportResult {
  /** No problems (and, unless a dry run, written). */
  ok: boolean;
  dryRun: boolean;
  applied: boolean;
  meta: (SurveyMeta & { organisation: string; cycle: string }) | null;
  problems: Problem[];
  entries: EntryChange[];
  observations: ObservationChange[];
  /**
   * The sheet's entries still to submit once the changes are written (draft or returned, with
   * text); after an import with `submit`, those left over (each with why).
   */
  toSubmit: { row: number; entryId: string; initiative: string }[];
  /** Entries submitted by this import (with `submit`). */
  submitted: { row: number; entryId: string; initiative: string }[];
  /** Entries the import could not submit, and why (the refusal's error code: invalid, conflict, forbidden, published). */
  submitFailed: { row: number; entryId: string; initiative: string; reason: string }[];
  /** Stage codes → labels, for showing the changes. */
  stageLabels: Record<string, string>;
  counts: {
    rows: number;
    unchanged: number;
    entries: number;
    observationsAdded: number;
    observationsChanged: number;
  };
}

/** A result from the problems and, once rows were judged, the plan. */
export function surveyResult(
  dryRun: boolean,
  problems: Problem[],
  extra: Partial<SurveyImportResult> = {},
  plan?: SurveyPlan,
): SurveyImportResult {
  const observations = plan?.observations ?? [];
  return {
    ok: problems.length === 0,
    dryRun,
    applied: false,
    meta: null,
    problems,
    entries: plan?.entries ?? [],
    observations,
    toSubmit: [],
    submitted: [],
    submitFailed: [],
    stageLabels: {},
    counts: {
      rows: plan?.rows ?? 0,
      unchanged: plan?.unchanged ?? 0,
      entries: plan?.entries.length ?? 0,
      observationsAdded: observations.filter((o) => o.version === null).length,
      observationsChanged: observations.filter((o) => o.version !== null).length,
    },
    ...extra,
  };
}
