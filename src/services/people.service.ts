/**
 * Who did something, for people to read: a user's display name and ministries (history,
 * conflict notices), never the internal user id. Ids that name no user (the CLI, a system
 * job) are shown as they are.
 */
import type { Kysely } from 'kysely';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as usersRepo from '../db/repositories/users.repository.ts';
import type { Database } from '../db/schema.ts';
import { personLabel } from '../domain/people.ts';

/** Each id's label: 総務 太郎（総務省）. */
export async function personLabels(
  q: Kysely<Database>,
  ids: readonly string[],
  lang: 'ja' | 'en' = 'ja',
): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const labels = new Map([...wanted].map((id) => [id, id]));
  if (wanted.size === 0) return labels;
  const [users, orgs] = await Promise.all([usersRepo.listUsers(q), orgRepo.listOrganisations(q)]);
  const orgName = new Map(orgs.map((o) => [o.id, lang === 'en' ? o.nameEn || o.shortName : o.shortName]));
  for (const u of users) {
    if (!wanted.has(u.id)) continue;
    const organisations = u.organisationIds.map((id) => orgName.get(id) ?? id);
    labels.set(u.id, personLabel({ name: u.displayName || u.login, organisations }, lang));
  }
  return labels;
}

/** A record with who last changed it, by name (for the current version a conflict carries). */
export async function withUpdater<T extends { updatedBy: string }>(
  q: Kysely<Database>,
  record: T,
): Promise<T & { updatedByName: string }> {
  const labels = await personLabels(q, [record.updatedBy]);
  return { ...record, updatedByName: labels.get(record.updatedBy) ?? record.updatedBy };
}
