import { createIndex, createTable, dropTables, TRACKED, type Db } from './lib.ts';

// Migrations use only what both engines understand: text ids, ISO text timestamps,
// integer flags, double precision numbers and JSON kept as text.

const STRATEGY = 'text not null references strategies.id on delete cascade';

export async function up(db: Db): Promise<void> {
  await createTable(db, 'organisations', {
    id: 'text primary key',
    short_name: 'text not null unique',
    name_ja: 'text not null',
    name_en: 'text not null',
    aliases: "text not null default '[]'",
    position: 'integer not null default 0',
    ...TRACKED,
  });

  await createTable(db, 'strategies', {
    id: 'text primary key',
    title: 'text not null',
    title_en: "text not null default ''",
    owner_organisation_id: 'text references organisations.id',
    level_labels: "text not null default '[]'",
    description: "text not null default ''",
    position: 'integer not null default 0',
    ...TRACKED,
  });

  await createTable(
    db,
    'vocabulary_terms',
    {
      strategy_id: STRATEGY,
      kind: 'text not null',
      code: 'text not null',
      label_ja: 'text not null',
      label_en: 'text not null',
      category: 'text not null',
      position: 'integer not null default 0',
      ...TRACKED,
    },
    { primaryKey: ['vocabulary_terms_pk', ['strategy_id', 'kind', 'code']] },
  );

  await createTable(db, 'nodes', {
    id: 'text primary key',
    strategy_id: STRATEGY,
    parent_id: 'text references nodes.id on delete cascade',
    position: 'integer not null',
    code: "text not null default ''",
    title: 'text not null',
    title_en: "text not null default ''",
    note: "text not null default ''",
    mirror_of: 'text references nodes.id',
    ...TRACKED,
  });
  await createIndex(db, 'nodes_strategy_idx', 'nodes', ['strategy_id']);
  await createIndex(db, 'nodes_parent_idx', 'nodes', ['parent_id']);

  await createTable(db, 'initiatives', {
    id: 'text primary key',
    strategy_id: STRATEGY,
    title: 'text not null',
    title_en: "text not null default ''",
    ...TRACKED,
  });
  await createIndex(db, 'initiatives_strategy_idx', 'initiatives', ['strategy_id']);

  await createTable(
    db,
    'initiative_owners',
    {
      initiative_id: 'text not null references initiatives.id on delete cascade',
      organisation_id: 'text not null references organisations.id',
      position: 'integer not null default 0',
    },
    { primaryKey: ['initiative_owners_pk', ['initiative_id', 'organisation_id']] },
  );
  await createIndex(db, 'initiative_owners_org_idx', 'initiative_owners', ['organisation_id']);

  await createTable(
    db,
    'initiative_listings',
    {
      initiative_id: 'text not null references initiatives.id on delete cascade',
      node_id: 'text not null references nodes.id on delete cascade',
      position: 'integer not null default 0',
    },
    { primaryKey: ['initiative_listings_pk', ['initiative_id', 'node_id']] },
  );
  await createIndex(db, 'initiative_listings_node_idx', 'initiative_listings', ['node_id']);

  await createTable(
    db,
    'cycles',
    {
      id: 'text primary key',
      strategy_id: STRATEGY,
      fiscal_year: 'integer not null',
      as_of: 'text not null',
      state: "text not null default 'draft'",
      published_at: 'text',
      ...TRACKED,
    },
    { unique: ['cycles_strategy_year_uq', ['strategy_id', 'fiscal_year']] },
  );

  await createTable(
    db,
    'progress_entries',
    {
      id: 'text primary key',
      initiative_id: 'text not null references initiatives.id on delete cascade',
      cycle_id: 'text not null references cycles.id on delete cascade',
      text: "text not null default ''",
      stage: 'text',
      plans: "text not null default '[]'",
      evidence: "text not null default '[]'",
      review_state: "text not null default 'draft'",
      review_comment: "text not null default ''",
      ...TRACKED,
    },
    { unique: ['progress_entries_uq', ['initiative_id', 'cycle_id']] },
  );
  await createIndex(db, 'progress_entries_cycle_idx', 'progress_entries', ['cycle_id']);

  await createTable(db, 'indicators', {
    id: 'text primary key',
    strategy_id: STRATEGY,
    node_id: 'text references nodes.id on delete set null',
    initiative_id: 'text references initiatives.id on delete set null',
    name: 'text not null',
    name_en: "text not null default ''",
    unit: "text not null default ''",
    direction: "text not null default 'increase'",
    baseline_value: 'double precision',
    baseline_period: 'text',
    target_value: 'double precision',
    target_text: "text not null default ''",
    target_period: 'text',
    position: 'integer not null default 0',
    ...TRACKED,
  });
  await createIndex(db, 'indicators_strategy_idx', 'indicators', ['strategy_id']);

  await createTable(
    db,
    'observations',
    {
      id: 'text primary key',
      indicator_id: 'text not null references indicators.id on delete cascade',
      cycle_id: 'text references cycles.id on delete cascade',
      period: 'text not null',
      value: 'double precision not null',
      source: "text not null default ''",
      note: "text not null default ''",
      ...TRACKED,
    },
    { unique: ['observations_uq', ['indicator_id', 'period']] },
  );

  await createTable(
    db,
    'assessments',
    {
      id: 'text primary key',
      node_id: 'text not null references nodes.id on delete cascade',
      cycle_id: 'text not null references cycles.id on delete cascade',
      rating: 'text',
      narrative: "text not null default ''",
      needs_acceleration: 'integer not null default 0',
      remark: "text not null default ''",
      ...TRACKED,
    },
    { unique: ['assessments_uq', ['node_id', 'cycle_id']] },
  );
  await createIndex(db, 'assessments_cycle_idx', 'assessments', ['cycle_id']);

  await createTable(db, 'summaries', {
    cycle_id: 'text primary key references cycles.id on delete cascade',
    overall: "text not null default '[]'",
    pillars: "text not null default '[]'",
    ...TRACKED,
  });
}

export async function down(db: Db): Promise<void> {
  await dropTables(db, [
    'summaries',
    'assessments',
    'observations',
    'indicators',
    'progress_entries',
    'cycles',
    'initiative_listings',
    'initiative_owners',
    'initiatives',
    'nodes',
    'vocabulary_terms',
    'strategies',
    'organisations',
  ]);
}
