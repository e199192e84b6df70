import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Engine } from '../database.ts';
import { engineOf, joinedText } from '../dialect.ts';
import type { Initiative } from '../../domain/model.ts';
import type { OutlineInitiative } from '../../domain/views.ts';
import { insertMany } from '../bulk.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

/**
 * Initiatives with their owners and listings in one statement, whatever their number: each
 * initiative's owners and listings come as one text column each ("org:position …",
 * "node:position …"; ids never hold a space or a colon), gathered by a sub-select per row
 * that reads the link table's index. (Reading the link rows separately cost more than the
 * initiatives themselves: 4,500 rows for a 2,000-initiative strategy; grouping each whole
 * link table and joining it cost PostgreSQL two scans of 45,000 rows.) `where` narrows by
 * strategy, by id, by owning organisation or by the node listing them.
 */
export async function listInitiatives(
  db: Q,
  where: { strategyId?: string; ids?: string[]; organisationId?: string; listedUnder?: string },
): Promise<Initiative[]> {
  if (where.ids !== undefined && where.ids.length === 0) return [];
  let q = db
    .selectFrom('initiatives')
    .selectAll('initiatives')
    .select((eb) => linkColumns(eb, engineOf(db)));
  if (where.strategyId !== undefined) q = q.where('initiatives.strategyId', '=', where.strategyId);
  if (where.ids !== undefined) q = q.where('initiatives.id', 'in', where.ids);
  if (where.organisationId !== undefined) {
    const orgId = where.organisationId;
    q = q.where('initiatives.id', 'in', (eb) =>
      eb.selectFrom('initiativeOwners').select('initiativeId').where('organisationId', '=', orgId),
    );
  }
  if (where.listedUnder !== undefined) {
    const nodeId = where.listedUnder;
    q = q.where('initiatives.id', 'in', (eb) =>
      eb.selectFrom('initiativeListings').select('initiativeId').where('nodeId', '=', nodeId),
    );
  }
  const rows = await q.orderBy('initiatives.id').execute();
  return rows.map(toInitiative);
}

/**
 * The initiatives of a strategy as the API's tree carries them: what they are, whose, and
 * where they are listed, without their edit record (one statement, as listInitiatives).
 */
export async function listInitiativeOutlines(db: Q, strategyId: string): Promise<OutlineInitiative[]> {
  const rows = await db
    .selectFrom('initiatives')
    .select(['initiatives.id', 'initiatives.title', 'initiatives.titleEn'])
    .select((eb) => linkColumns(eb, engineOf(db)))
    .where('initiatives.strategyId', '=', strategyId)
    .orderBy('initiatives.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    titleEn: r.titleEn,
    ownerIds: ownerIdsOf(r.owners),
    listings: listingsOf(r.listings),
  }));
}

/** The owners and listings of the `initiatives` row in scope, as text columns (see listInitiatives). */
export function linkColumns(eb: ExpressionBuilder<Database, 'initiatives'>, engine: Engine) {
  return [
    eb
      .selectFrom('initiativeOwners')
      .select(
        joinedText(engine, sql`${sql.ref('organisationId')} || ':' || ${sql.ref('position')}`).as('owners'),
      )
      .whereRef('initiativeOwners.initiativeId', '=', 'initiatives.id')
      .as('owners'),
    eb
      .selectFrom('initiativeListings')
      .select(joinedText(engine, sql`${sql.ref('nodeId')} || ':' || ${sql.ref('position')}`).as('listings'))
      .whereRef('initiativeListings.initiativeId', '=', 'initiatives.id')
      .as('listings'),
  ] as const;
}

/** An initiative from its row and its `linkColumns`. */
export function toInitiative(
  r: Omit<Initiative, 'ownerIds' | 'listings'> & { owners: string | null; listings: string | null },
): Initiative {
  // Named fields rather than a rest pattern, which V8 copies slowly (a quarter of the time here).
  return {
    id: r.id,
    strategyId: r.strategyId,
    title: r.title,
    titleEn: r.titleEn,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
    ownerIds: ownerIdsOf(r.owners),
    listings: listingsOf(r.listings),
  };
}

/** Owners in their order of mention, from the `owners` link column. */
const ownerIdsOf = (owners: string | null): string[] =>
  links(owners)
    .sort((a, b) => a.position - b.position)
    .map((o) => o.ref);

/** Listings by node id (as the export writes them), from the `listings` link column. */
const listingsOf = (listings: string | null): Initiative['listings'] =>
  links(listings)
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
    .map((l) => ({ nodeId: l.ref, position: l.position }));

/** Reads a "ref:position ref:position" column (null when there are none). */
function links(text: string | null): { ref: string; position: number }[] {
  if (text === null || text === '') return [];
  return text.split(' ').map((pair) => {
    const colon = pair.lastIndexOf(':');
    return { ref: pair.slice(0, colon), position: Number(pair.slice(colon + 1)) };
  });
}

export async function insertInitiatives(db: Q, items: Initiative[]): Promise<void> {
  await insertMany(
    db,
    'initiatives',
    items.map(({ ownerIds: _o, listings: _l, ...row }) => row),
  );
  await insertMany(
    db,
    'initiativeOwners',
    items.flatMap((i) =>
      i.ownerIds.map((organisationId, position) => ({ initiativeId: i.id, organisationId, position })),
    ),
  );
  await insertMany(
    db,
    'initiativeListings',
    items.flatMap((i) => i.listings.map((l) => ({ initiativeId: i.id, ...l }))),
  );
}

/** Rows grouped by `key`. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]>;
/** Rows grouped by `key`, each made into `value`. */
export function groupBy<T, K, V>(rows: readonly T[], key: (row: T) => K, value: (row: T) => V): Map<K, V[]>;
export function groupBy<T, K, V>(
  rows: readonly T[],
  key: (row: T) => K,
  value?: (row: T) => V,
): Map<K, (T | V)[]> {
  const map = new Map<K, (T | V)[]>();
  for (const row of rows) {
    const k = key(row);
    const item = value ? value(row) : row;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Replaces an initiative's owners (in tag order) and its listings under nodes. */
export async function replaceOwnersAndListings(
  db: Q,
  initiativeId: string,
  ownerIds: readonly string[],
  listings: readonly { nodeId: string; position: number }[],
): Promise<void> {
  await db.deleteFrom('initiativeOwners').where('initiativeId', '=', initiativeId).execute();
  await db.deleteFrom('initiativeListings').where('initiativeId', '=', initiativeId).execute();
  if (ownerIds.length > 0)
    await db
      .insertInto('initiativeOwners')
      .values(ownerIds.map((organisationId, position) => ({ initiativeId, organisationId, position })))
      .execute();
  if (listings.length > 0)
    await db
      .insertInto('initiativeListings')
      .values(listings.map((l) => ({ initiativeId, ...l })))
      .execute();
}
