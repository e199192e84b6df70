import type { Kysely } from 'kysely';

// Open data (issue #22): the licence each strategy's published data carries (政府標準利用規約
// 第2.0版 unless the secretariat chooses otherwise) and, optionally, the credit line reusers
// are asked to give (empty: generated from the publisher and title).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see an untyped db
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('strategies')
    .addColumn('licence_id', 'text', (c) => c.notNull().defaultTo('gov-jp-2.0'))
    .execute();
  await db.schema
    .alterTable('strategies')
    .addColumn('attribution', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('strategies').dropColumn('attribution').execute();
  await db.schema.alterTable('strategies').dropColumn('licence_id').execute();
}
