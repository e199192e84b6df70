import type { Kysely, Selectable } from 'kysely';
import type { Organisation } from '../../domain/model.ts';
import { parseJson, toJson } from '../json.ts';
import type { Database, OrganisationTable } from '../schema.ts';

type Q = Kysely<Database>;

/** The organisation as everyone may read it: without its contact address (`listContacts`). */
export const toOrganisation = ({
  contactEmail: _c,
  ...r
}: Omit<Selectable<OrganisationTable>, 'contactEmail'> & { contactEmail?: string }): Organisation => ({
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

/** Each organisation's contact address for the follow-up ('' when none): administrators only. */
export async function listContacts(db: Q): Promise<{ organisationId: string; contactEmail: string }[]> {
  return db
    .selectFrom('organisations')
    .select(['id as organisationId', 'contactEmail'])
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function setContactEmail(db: Q, id: string, contactEmail: string): Promise<void> {
  await db.updateTable('organisations').set({ contactEmail }).where('id', '=', id).execute();
}
