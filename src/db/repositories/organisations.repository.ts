import type { Kysely, Selectable } from 'kysely';
import type { Organisation } from '../../domain/model.ts';
import { parseJson, toJson } from '../json.ts';
import type { Database, OrganisationTable } from '../schema.ts';

type Q = Kysely<Database>;

export const toOrganisation = (r: Selectable<OrganisationTable>): Organisation => ({
  ...r,
  aliases: parseJson<string[]>(r.aliases, []),
});

export async function listOrganisations(db: Q): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(toOrganisation);
}

export async function findOrganisation(db: Q, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toOrganisation(row);
}

export async function upsertOrganisations(db: Q, orgs: Organisation[]): Promise<void> {
  for (const o of orgs) {
    const row = { ...o, aliases: toJson(o.aliases) };
    await db
      .insertInto('organisations')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }
}
