/**
 * The read policy (domain/access.ts `ReadScope`) as SQL: the conditions every repository
 * read of cycle-bound rows adds, so that what a scope may not see never leaves the database.
 * A published cycle is readable in every scope.
 */
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { ReadScope } from '../../domain/access.ts';
import type { Database } from '../schema.ts';

type Eb<T extends keyof Database> = ExpressionBuilder<Database, T>;

const publishedCycles = sql<string>`(select id from cycles where state = 'published')`;

const initiativesOf = (organisationIds: readonly string[]) =>
  organisationIds.length === 0
    ? sql<string>`(select initiative_id from initiative_owners where 1 = 0)`
    : sql<string>`(select initiative_id from initiative_owners where organisation_id in (${sql.join(organisationIds)}))`;

const always = sql<SqlBool>`1 = 1`;

/** Progress entries the scope may read: published cycles', plus a ministry's own drafts. */
export function entriesIn(eb: Eb<'progressEntries'>, scope: ReadScope): Expression<SqlBool> {
  if (scope.drafts === 'all') return always;
  const published = eb('progressEntries.cycleId', 'in', publishedCycles);
  if (scope.drafts === 'none') return published;
  return eb.or([published, eb('progressEntries.initiativeId', 'in', initiativesOf(scope.organisationIds))]);
}

/**
 * The review comment as the scope may read it: the secretariat's note to a ministry, seen by
 * the secretariat and that ministry only — never by the public, even once published.
 */
export function reviewCommentIn(eb: Eb<'progressEntries'>, scope: ReadScope) {
  if (scope.drafts === 'all') return eb.ref('progressEntries.reviewComment').as('reviewComment');
  if (scope.drafts === 'none') return sql<string>`''`.as('reviewComment');
  return eb
    .case()
    .when('progressEntries.initiativeId', 'in', initiativesOf(scope.organisationIds))
    .then(eb.ref('progressEntries.reviewComment'))
    .else(sql<string>`''`)
    .end()
    .as('reviewComment');
}

/** Assessments (概況) the scope may read: the secretariat's drafts are its own. */
export function assessmentsIn(eb: Eb<'assessments'>, scope: ReadScope): Expression<SqlBool> {
  return scope.drafts === 'all' ? always : eb('assessments.cycleId', 'in', publishedCycles);
}

export function summariesIn(eb: Eb<'summaries'>, scope: ReadScope): Expression<SqlBool> {
  return scope.drafts === 'all' ? always : eb('summaries.cycleId', 'in', publishedCycles);
}

/**
 * KPI figures the scope may read: those outside any cycle, those of published cycles, and
 * a ministry's own unpublished figures (of indicators attached to its initiatives).
 */
export function observationsIn(eb: Eb<'observations'>, scope: ReadScope): Expression<SqlBool> {
  if (scope.drafts === 'all') return always;
  const open = [eb('observations.cycleId', 'is', null), eb('observations.cycleId', 'in', publishedCycles)];
  if (scope.drafts === 'ministry') {
    open.push(
      eb(
        'observations.indicatorId',
        'in',
        sql<string>`(select id from indicators where initiative_id in ${initiativesOf(scope.organisationIds)})`,
      ),
    );
  }
  return eb.or(open);
}
