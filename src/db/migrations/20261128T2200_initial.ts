import { childOf, createTables, dropTables, TRACKED, type Db } from './lib.ts';

// Migrations use only what both engines understand: text ids, ISO text timestamps,
// integer flags, double precision numbers and JSON kept as text.

export async function up(db: Db): Promise<void> {
  await createTables(db, {
    organisations: {
      id: 'text primary key',
      short_name: 'text not null unique',
      name_ja: 'text not null',
      name_en: 'text not null',
      aliases: "text not null default '[]'",
      position: 'integer not null default 0',
      ...TRACKED,
    },

    strategies: {
      id: 'text primary key',
      title: 'text not null',
      title_en: "text not null default ''",
      owner_organisation_id: 'text references organisations.id',
      level_labels: "text not null default '[]'",
      description: "text not null default ''",
      position: 'integer not null default 0',
      ...TRACKED,
    },

    vocabulary_terms: {
      strategy_id: childOf('strategies'),
      kind: 'text not null',
      code: 'text not null',
      label_ja: 'text not null',
      label_en: 'text not null',
      category: 'text not null',
      position: 'integer not null default 0',
      ...TRACKED,
      vocabulary_terms_pk: 'primary key (strategy_id, kind, code)',
    },

    nodes: {
      id: 'text primary key',
      strategy_id: childOf('strategies'),
      parent_id: 'text references nodes.id on delete cascade',
      position: 'integer not null',
      code: "text not null default ''",
      title: 'text not null',
      title_en: "text not null default ''",
      note: "text not null default ''",
      mirror_of: 'text references nodes.id',
      ...TRACKED,
      nodes_strategy_idx: 'index (strategy_id)',
      nodes_parent_idx: 'index (parent_id)',
    },

    initiatives: {
      id: 'text primary key',
      strategy_id: childOf('strategies'),
      title: 'text not null',
      title_en: "text not null default ''",
      ...TRACKED,
      initiatives_strategy_idx: 'index (strategy_id)',
    },

    initiative_owners: {
      initiative_id: childOf('initiatives'),
      organisation_id: 'text not null references organisations.id',
      position: 'integer not null default 0',
      initiative_owners_pk: 'primary key (initiative_id, organisation_id)',
      initiative_owners_org_idx: 'index (organisation_id)',
    },

    initiative_listings: {
      initiative_id: childOf('initiatives'),
      node_id: childOf('nodes'),
      position: 'integer not null default 0',
      initiative_listings_pk: 'primary key (initiative_id, node_id)',
      initiative_listings_node_idx: 'index (node_id)',
    },

    cycles: {
      id: 'text primary key',
      strategy_id: childOf('strategies'),
      fiscal_year: 'integer not null',
      as_of: 'text not null',
      state: "text not null default 'draft'",
      published_at: 'text',
      ...TRACKED,
      cycles_strategy_year_uq: 'unique (strategy_id, fiscal_year)',
    },

    progress_entries: {
      id: 'text primary key',
      initiative_id: childOf('initiatives'),
      cycle_id: childOf('cycles'),
      text: "text not null default ''",
      stage: 'text',
      plans: "text not null default '[]'",
      evidence: "text not null default '[]'",
      review_state: "text not null default 'draft'",
      review_comment: "text not null default ''",
      ...TRACKED,
      progress_entries_uq: 'unique (initiative_id, cycle_id)',
      progress_entries_cycle_idx: 'index (cycle_id)',
    },

    indicators: {
      id: 'text primary key',
      strategy_id: childOf('strategies'),
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
      indicators_strategy_idx: 'index (strategy_id)',
    },

    observations: {
      id: 'text primary key',
      indicator_id: childOf('indicators'),
      cycle_id: 'text references cycles.id on delete cascade',
      period: 'text not null',
      value: 'double precision not null',
      source: "text not null default ''",
      note: "text not null default ''",
      ...TRACKED,
      observations_uq: 'unique (indicator_id, period)',
    },

    assessments: {
      id: 'text primary key',
      node_id: childOf('nodes'),
      cycle_id: childOf('cycles'),
      rating: 'text',
      narrative: "text not null default ''",
      needs_acceleration: 'integer not null default 0',
      remark: "text not null default ''",
      ...TRACKED,
      assessments_uq: 'unique (node_id, cycle_id)',
      assessments_cycle_idx: 'index (cycle_id)',
    },

    summaries: {
      cycle_id: 'text primary key references cycles.id on delete cascade',
      overall: "text not null default '[]'",
      pillars: "text not null default '[]'",
      ...TRACKED,
    },
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
