import { addColumns, dropColumns, type Db } from './lib.ts';

// Open data (issue #22): the licence each strategy's published data carries (政府標準利用規約
// 第2.0版 unless the secretariat chooses otherwise) and, optionally, the credit line reusers
// are asked to give (empty: generated from the publisher and title).

export async function up(db: Db): Promise<void> {
  await addColumns(db, 'strategies', {
    licence_id: "text not null default 'gov-jp-2.0'",
    attribution: "text not null default ''",
  });
}

export async function down(db: Db): Promise<void> {
  await dropColumns(db, 'strategies', ['attribution', 'licence_id']);
}
