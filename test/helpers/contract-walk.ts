/**
 * A walk through the writes that the authorisation matrix's requests do not bring to a
 * success (they send stale versions, or need a state the matrix does not set up): each step
 * reads what it needs from the answers before it, so that the contract test sees a success
 * of every operation and checks its success schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { Who } from './matrix.ts';

/**
 * Sends one request as a caller and returns its JSON answer; `route` names the operation
 * (method and Fastify path) whose documented answer it must be, and it must be a success.
 */
export type Step = (
  who: Who,
  route: string,
  url: string,
  body?: unknown,
  raw?: { type: string; payload: Buffer },
) => Promise<LightMyRequestResponse>;

interface Versioned {
  id: string;
  version: number;
}

const CYCLE = 'ai2022-fy2023';
const PUBLISHED = 'ai2022-fy2022';
/** 総務省's initiative: the test's "editor" writes its entry and figures. */
const INITIATIVE = 'ai2022-i01';

export async function walkWrites(step: Step): Promise<void> {
  const json = async <T = Versioned>(res: Promise<LightMyRequestResponse>) => (await res).json<T>();
  const tag = Math.random().toString(36).slice(2, 8);

  // Structure: a strategy of its own, with a node, an organisation, an initiative, a KPI.
  const s = await json(step('admin', 'POST /api/strategies', '/api/strategies', { title: `契約 ${tag}` }));
  await step('admin', 'PATCH /api/strategies/:strategyId', `/api/strategies/${s.id}`, {
    version: s.version,
    title: `契約確認 ${tag}`,
  });
  const nodes = `/api/strategies/${s.id}/nodes`;
  const n1 = await json(
    step('admin', 'POST /api/strategies/:strategyId/nodes', nodes, { parentId: null, title: '柱' }),
  );
  const n2 = await json(
    step('admin', 'PATCH /api/nodes/:nodeId', `/api/nodes/${n1.id}`, {
      version: n1.version,
      title: '第一の柱',
    }),
  );
  await step('admin', 'POST /api/nodes/:nodeId/move', `/api/nodes/${n1.id}/move`, {
    version: n2.version,
    parentId: null,
    position: 0,
  });
  await step(
    'admin',
    'PUT /api/strategies/:strategyId/nodes/:nodeId/logic-model',
    `/api/strategies/${s.id}/nodes/${n1.id}/logic-model`,
    { version: 0, model: { outputs: [{ text: '研修の実施' }], impact: [{ text: '人材の厚み' }] } },
  );
  // Issue #24: another strategy's initiative listed under the node and taken off again; the
  // node standing for the sample strategy, its rollup, and an ordinary node again.
  const shared = `/api/strategies/${s.id}/nodes/${n1.id}/shared-initiatives`;
  await step('admin', 'POST /api/strategies/:strategyId/nodes/:nodeId/shared-initiatives', shared, {
    initiativeId: INITIATIVE,
  });
  await step(
    'admin',
    'POST /api/strategies/:strategyId/nodes/:nodeId/shared-initiatives/:initiativeId/delete',
    `${shared}/${INITIATIVE}/delete`,
    {},
  );
  const standsFor = `/api/strategies/${s.id}/nodes/${n1.id}/stands-for`;
  await step('admin', 'PUT /api/strategies/:strategyId/nodes/:nodeId/stands-for', standsFor, {
    strategyId: 'ai2022',
  });
  await step(
    'admin',
    'GET /api/strategies/:strategyId/nodes/:nodeId/rollup',
    `/api/strategies/${s.id}/nodes/${n1.id}/rollup`,
  );
  await step('admin', 'PUT /api/strategies/:strategyId/nodes/:nodeId/stands-for', standsFor, {
    strategyId: null,
  });
  const spare = await json(
    step('admin', 'POST /api/strategies/:strategyId/nodes', nodes, { parentId: null, title: '予備' }),
  );
  await step('admin', 'POST /api/nodes/:nodeId/delete', `/api/nodes/${spare.id}/delete`, {
    version: spare.version,
  });

  // A cycle of the new strategy (no initiatives yet: nothing to accept), published.
  const c1 = await json(
    step('admin', 'POST /api/strategies/:strategyId/cycles', `/api/strategies/${s.id}/cycles`, {
      fiscalYear: 2024,
      asOf: '2025-04',
    }),
  );
  const c2 = await json(
    step('admin', 'POST /api/cycles/:cycleId/open', `/api/cycles/${c1.id}/open`, { version: c1.version }),
  );
  // Its deadline, extended for one ministry, and a reminder (nobody owes anything yet).
  const c2d = await json(
    step('admin', 'PUT /api/cycles/:cycleId/deadline', `/api/cycles/${c1.id}/deadline`, {
      deadline: '令和7年3月14日',
      version: c2.version,
    }),
  );
  await step(
    'admin',
    'PUT /api/cycles/:cycleId/organisations/:organisationId/deadline',
    `/api/cycles/${c1.id}/organisations/mic/deadline`,
    { deadline: '2025/3/28', version: null },
  );
  await step('admin', 'POST /api/cycles/:cycleId/reminders', `/api/cycles/${c1.id}/reminders`, {});
  const c3 = await json(
    step('admin', 'POST /api/cycles/:cycleId/close', `/api/cycles/${c1.id}/close`, { version: c2d.version }),
  );
  await step('reviewer', 'PUT /api/cycles/:cycleId/summary', `/api/cycles/${c1.id}/summary`, {
    version: null,
    overall: ['総括'],
    pillars: [],
  });
  await step('reviewer', 'POST /api/cycles/:cycleId/publish', `/api/cycles/${c1.id}/publish`, {
    version: c3.version,
  });

  const org = await json(
    step('admin', 'POST /api/organisations', '/api/organisations', {
      shortName: `庁${tag}`,
      nameJa: `試験庁${tag}`,
    }),
  );
  await step('admin', 'PUT /api/organisations/:organisationId', `/api/organisations/${org.id}`, {
    version: org.version,
    shortName: `庁${tag}`,
    nameJa: `第二試験庁${tag}`,
  });
  const initiative = { title: '施策', ownerIds: [org.id], nodeIds: [n1.id] };
  const i = await json(
    step(
      'admin',
      'POST /api/strategies/:strategyId/initiatives',
      `/api/strategies/${s.id}/initiatives`,
      initiative,
    ),
  );
  await step(
    'admin',
    'PUT /api/strategies/:strategyId/initiatives/:initiativeId',
    `/api/strategies/${s.id}/initiatives/${i.id}`,
    {
      ...initiative,
      version: i.version,
      title: '施策（改）',
    },
  );
  const indicators = `/api/strategies/${s.id}/indicators`;
  const k = await json(
    step('admin', 'POST /api/strategies/:strategyId/indicators', indicators, { name: '指標' }),
  );
  await step('admin', 'PUT /api/strategies/:strategyId/indicators/:indicatorId', `${indicators}/${k.id}`, {
    version: k.version,
    name: '指標（改）',
  });

  // The ministry's work in the open cycle: a figure, and an entry through review.
  const kpi = await json(
    step('admin', 'POST /api/strategies/:strategyId/indicators', '/api/strategies/ai2022/indicators', {
      name: '総務省の指標',
      initiativeId: INITIATIVE,
    }),
  );
  await step(
    'editor',
    'PUT /api/indicators/:indicatorId/observations',
    `/api/indicators/${kpi.id}/observations`,
    {
      cycleId: CYCLE,
      period: 'FY2023',
      value: 1,
      version: null,
    },
  );
  const entryUrl = `/api/entries/${CYCLE}.${INITIATIVE}`;
  const { entry } = await json<{ entry: Versioned & { reviewState: string } }>(
    step('editor', 'GET /api/entries/:entryId', entryUrl),
  );
  let version = entry.version;
  const submit = async () => {
    version = (
      await json(step('editor', 'POST /api/entries/:entryId/submit', `${entryUrl}/submit`, { version }))
    ).version;
  };
  if (entry.reviewState !== 'submitted') await submit();
  version = (
    await json(
      step('reviewer', 'POST /api/entries/:entryId/return', `${entryUrl}/return`, {
        version,
        comment: '要修正',
      }),
    )
  ).version;
  await submit();
  // withdrawn before review, then submitted again
  version = (
    await json(step('editor', 'POST /api/entries/:entryId/withdraw', `${entryUrl}/withdraw`, { version }))
  ).version;
  await submit();
  await step('reviewer', 'POST /api/entries/:entryId/accept', `${entryUrl}/accept`, { version });
  // two more of the ministry's items written and submitted at once
  const bulk = [];
  for (const initiative of ['ai2022-i09', 'ai2022-i13']) {
    const url = `/api/entries/${CYCLE}.${initiative}`;
    const { entry: e } = await json<{ entry: Versioned }>(step('editor', 'GET /api/entries/:entryId', url));
    const saved = await json(
      step('editor', 'PUT /api/entries/:entryId', url, { version: e.version, text: '一括提出', stage: null }),
    );
    bulk.push({ id: saved.id, version: saved.version });
  }
  await step('editor', 'POST /api/cycles/:cycleId/entries/submit', `/api/cycles/${CYCLE}/entries/submit`, {
    items: bulk,
  });

  // The secretariat writes another entry on its ministry's behalf, a reviewer accepts it in
  // bulk; a third is marked 該当なし, and the exception withdrawn.
  const other = async (initiative: string) =>
    (
      await json<{ entry: Versioned }>(
        step('admin', 'GET /api/entries/:entryId', `/api/entries/${CYCLE}.${initiative}`),
      )
    ).entry;
  const proxied = await json(
    step('admin', 'POST /api/entries/:entryId/on-behalf', `/api/entries/${CYCLE}.ai2022-i02/on-behalf`, {
      version: (await other('ai2022-i02')).version,
      text: '事務局による代理入力',
      submit: true,
    }),
  );
  await step('reviewer', 'POST /api/cycles/:cycleId/review', `/api/cycles/${CYCLE}/review`, {
    action: 'accept',
    items: [{ id: proxied.id, version: proxied.version }],
  });
  const excepted = await json(
    step('admin', 'POST /api/entries/:entryId/exception', `/api/entries/${CYCLE}.ai2022-i03/exception`, {
      version: (await other('ai2022-i03')).version,
      kind: 'not_applicable',
      reason: '本年度は事業なし',
    }),
  );
  await step(
    'admin',
    'POST /api/entries/:entryId/exception/withdraw',
    `/api/entries/${CYCLE}.ai2022-i03/exception/withdraw`,
    { version: excepted.version },
  );

  // A correction of the published cycle.
  const published = `/api/entries/${PUBLISHED}.${INITIATIVE}`;
  const old = await json<{ entry: Versioned & { stage: string | null } }>(
    step('admin', 'GET /api/entries/:entryId', published),
  );
  await step('reviewer', 'POST /api/cycles/:cycleId/corrections', `/api/cycles/${PUBLISHED}/corrections`, {
    reason: '誤記の訂正',
    entries: [{ id: old.entry.id, version: old.entry.version, text: '訂正後の本文', stage: old.entry.stage }],
  });

  // The ministry's survey sheet, downloaded and sent back unchanged for a preview.
  const sheet = await step(
    'editor',
    'GET /api/cycles/:cycleId/survey.xlsx',
    `/api/cycles/${CYCLE}/survey.xlsx`,
  );
  await step(
    'editor',
    'POST /api/cycles/:cycleId/survey',
    `/api/cycles/${CYCLE}/survey?dryRun=1`,
    undefined,
    {
      type: String(sheet.headers['content-type']),
      payload: sheet.rawPayload,
    },
  );

  // Budget beside results: an initiative linked to a project, the review's CSV previewed and imported.
  await step(
    'admin',
    'PUT /api/initiatives/:initiativeId/budget/projects',
    `/api/initiatives/${INITIATIVE}/budget/projects`,
    { projectNumbers: ['2022-総務-0101'] },
  );
  const review = {
    type: 'text/csv',
    payload: fs.readFileSync(path.join(import.meta.dirname, '../fixtures/budget/review-2023.sjis.csv')),
  };
  await step('admin', 'POST /api/budget/import', '/api/budget/import?dryRun=1', undefined, review);
  await step(
    'admin',
    'POST /api/budget/import',
    '/api/budget/import?name=review-2023.csv',
    undefined,
    review,
  );

  // A past report uploaded for review, fixed (its one item to check made an item) and accepted.
  const report = {
    type: 'application/octet-stream',
    payload: Buffer.from(
      fs
        .readFileSync(path.join(import.meta.dirname, '../fixtures/report-corpus/green-2022.md'), 'utf8')
        .replace('液化水素の国際輸送の実証を実施。（経産省）', '液化水素の国際輸送の実証を実施。'),
    ),
  };
  const uploaded = await json<Versioned & { review: { toCheck: { id: string; nodeId: string }[] } }>(
    step(
      'admin',
      'POST /api/report-imports',
      `/api/report-imports?name=green.md&strategyId=g${tag}`,
      undefined,
      report,
    ),
  );
  await step('admin', 'GET /api/report-imports', '/api/report-imports');
  await step('admin', 'GET /api/report-imports/:importId', `/api/report-imports/${uploaded.id}`);
  await step('admin', 'GET /api/report-imports/:importId/file', `/api/report-imports/${uploaded.id}/file`);
  const check = uploaded.review.toCheck[0];
  const edited = await json(
    step('admin', 'POST /api/report-imports/:importId/edits', `/api/report-imports/${uploaded.id}/edits`, {
      version: uploaded.version,
      edit: { op: 'check_to_item', checkId: check?.id, nodeId: check?.nodeId, owners: ['meti'] },
    }),
  );
  await step(
    'admin',
    'POST /api/report-imports/:importId/accept',
    `/api/report-imports/${uploaded.id}/accept`,
    {
      version: edited.version,
      as: 'new',
    },
  );
  // Two years of one strategy: the first accepted as new, the second as its past cycle.
  const year = async (file: string) =>
    json(
      step(
        'admin',
        'POST /api/report-imports',
        `/api/report-imports?name=q.md&strategyId=q${tag}`,
        undefined,
        {
          type: 'application/octet-stream',
          payload: fs.readFileSync(path.join(import.meta.dirname, '../fixtures', file)),
        },
      ),
    );
  const first = await year('report-corpus/quantum-2024.md');
  await step('admin', 'POST /api/report-imports/:importId/accept', `/api/report-imports/${first.id}/accept`, {
    version: first.version,
    as: 'new',
  });
  const second = await year('report-history/quantum-2025.md');
  await step(
    'admin',
    'GET /api/report-imports/:importId/history-plan',
    `/api/report-imports/${second.id}/history-plan?strategyId=q${tag}`,
  );
  await step(
    'admin',
    'POST /api/report-imports/:importId/accept',
    `/api/report-imports/${second.id}/accept`,
    {
      version: second.version,
      as: 'past',
      strategyId: `q${tag}`,
    },
  );
}
