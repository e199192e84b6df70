/**
 * The stored-XSS corpus (issue #9) and the one way it is written: through the API, into every
 * text field a user can write, as the secretariat and a ministry would. Used by the report
 * and JSON checks (xss.test.ts) and by the browser check (xss-browser.test.ts).
 */
import { expect } from 'vitest';
import type { PublicUser } from '../../../src/services/accounts.service.ts';
import { PASSWORD, type TestSession } from '../../helpers/accounts.ts';

export const CORPUS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  'javascript:alert(document.cookie)',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '</title></style></textarea><script>alert(1)</script>',
  '<div style="background:url(javascript:alert(1))">',
  '${alert(1)}`${`}`',
  '{{constructor.constructor("alert(1)")()}}',
  '<!--<script>alert(1)</script>-->',
  '<<script>script>alert(1)<</script>/script>',
  '<iframe src="data:text/html,<script>alert(1)</script>">',
  '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;',
  '<p unclosed <b>broken',
  '" onmouseover="alert(1)" x="',
  "' onfocus='alert(1)' autofocus x='",
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  ']]><![CDATA[<script>alert(1)</script>]]>',
  '</a:t></a:r></a:p><a:p><a:r><a:t>injected',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
  '</is></c><c r="Z1" t="str"><f>HYPERLINK("http://x","y")</f>',
  '\\u003cscript\\u003e',
];

/** The text fields a user can write, each with its own payload and a marker naming it. */
export const FIELD_NAMES = [
  'organisation.shortName',
  'organisation.nameJa',
  'organisation.nameEn',
  'organisation.alias',
  'strategy.title',
  'strategy.titleEn',
  'strategy.description',
  'strategy.levelLabel',
  'pillar.title',
  'pillar.note',
  'goal.title',
  'target.title',
  'target.titleEn',
  'target.note',
  'initiative.title',
  'initiative.titleEn',
  'indicator.name',
  'indicator.nameEn',
  'indicator.targetText',
  'observation.source',
  'observation.note',
  'user.displayName',
  'entry.text',
  'entry.plan',
  'entry.evidenceTitle',
  'entry.reviewComment',
  'assessment.narrative',
  'assessment.remark',
  'pillarAssessment.narrative',
  'summary.overall',
  'summary.bullet',
] as const;
export type Field = (typeof FIELD_NAMES)[number];
/**
 * Each field's text: a payload of `corpus` (in turn) and a marker naming the field, so that a
 * reader can tell which field it is looking at: `fieldTexts()['entry.text']` ends in 《entry.text》.
 */
export function fieldTexts(corpus: readonly string[] = CORPUS): Record<Field, string> {
  return Object.fromEntries(
    FIELD_NAMES.map((name, i) => [name, `${corpus[i % corpus.length]}《${name}》`]),
  ) as Record<Field, string>;
}
/** Short enough for a 40-character unit. */
export const UNIT = '<b>件</b>';
export const EVIDENCE_URL = 'https://example.invalid/?q="><script>alert(1)</script>';

/** What the API answers, as much as these helpers read of it (fastify's inject or fetch). */
export interface ApiResponse {
  statusCode: number;
  body: string;
}
export type ApiCall = (
  as: TestSession | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: unknown,
) => Promise<ApiResponse>;

export interface StoredCorpus {
  editor: TestSession;
  cycleId: string;
  entryId: string;
  indicatorId: string;
  initiativeId: string;
  nodeIds: { pillar: string; goal: string; target: string };
}

/** Asserts a 200 and returns the JSON body. */
export async function ok<T>(res: Promise<ApiResponse>): Promise<T> {
  const r = await res;
  expect(r.statusCode, `${r.body.slice(0, 300)}`).toBe(200);
  return JSON.parse(r.body) as T;
}

/**
 * Builds strategy `xss` (owner organisation `xss-org`) out of the texts `F`: structure,
 * an indicator, a ministry editor, an opened FY2023 cycle whose one entry is written, given a
 * figure, submitted and returned with a comment, an assessment of the target and of the
 * pillar, and the summary. `admin` and `reviewer` are sessions of those roles; `sessionOf`
 * opens one for the editor it creates.
 */
export async function storeCorpus(
  call: ApiCall,
  admin: TestSession,
  reviewer: TestSession,
  sessionOf: (user: PublicUser) => Promise<TestSession>,
  F: Record<Field, string>,
): Promise<StoredCorpus> {
  // The secretariat builds a strategy out of hostile text.
  await ok(
    call(admin, 'POST', '/api/organisations', {
      id: 'xss-org',
      shortName: F['organisation.shortName'],
      nameJa: F['organisation.nameJa'],
      nameEn: F['organisation.nameEn'],
      aliases: [F['organisation.alias']],
    }),
  );
  await ok(
    call(admin, 'POST', '/api/strategies', {
      id: 'xss',
      title: F['strategy.title'],
      titleEn: F['strategy.titleEn'],
      levelLabels: [
        { ja: F['strategy.levelLabel'], en: 'Pillar' },
        { ja: '目標', en: 'Goal' },
        { ja: '具体目標', en: 'Target' },
      ],
      ownerOrganisationId: 'xss-org',
    }),
  );
  await ok(
    call(admin, 'PATCH', '/api/strategies/xss', { version: 1, description: F['strategy.description'] }),
  );
  const pillar = await ok<{ id: string }>(
    call(admin, 'POST', '/api/strategies/xss/nodes', {
      parentId: null,
      title: F['pillar.title'],
      note: F['pillar.note'],
    }),
  );
  const goal = await ok<{ id: string }>(
    call(admin, 'POST', '/api/strategies/xss/nodes', { parentId: pillar.id, title: F['goal.title'] }),
  );
  const target = await ok<{ id: string }>(
    call(admin, 'POST', '/api/strategies/xss/nodes', {
      parentId: goal.id,
      title: F['target.title'],
      titleEn: F['target.titleEn'],
      note: F['target.note'],
    }),
  );
  const initiative = await ok<{ id: string }>(
    call(admin, 'POST', '/api/strategies/xss/initiatives', {
      title: F['initiative.title'],
      titleEn: F['initiative.titleEn'],
      ownerIds: ['xss-org'],
      nodeIds: [target.id],
    }),
  );
  const indicatorId = (
    await ok<{ id: string }>(
      call(admin, 'POST', '/api/strategies/xss/indicators', {
        nodeId: target.id,
        initiativeId: initiative.id,
        name: F['indicator.name'],
        nameEn: F['indicator.nameEn'],
        unit: UNIT,
        baselineValue: 1,
        baselinePeriod: 'FY2021-end',
        targetValue: 10,
        targetText: F['indicator.targetText'],
        targetPeriod: 'FY2025',
      }),
    )
  ).id;
  const clerk = await ok<PublicUser>(
    call(admin, 'POST', '/api/users', {
      login: 'xss-editor',
      displayName: F['user.displayName'],
      password: PASSWORD,
      role: 'editor',
      organisationIds: ['xss-org'],
    }),
  );
  const editor = await sessionOf(clerk);
  const cycle = await ok<{ id: string; version: number }>(
    call(admin, 'POST', '/api/strategies/xss/cycles', { fiscalYear: 2023, asOf: '2024-04' }),
  );
  const cycleId = cycle.id;
  await ok(call(admin, 'POST', `/api/cycles/${cycleId}/open`, { version: cycle.version }));

  // The ministry writes its entry and a figure; the secretariat returns it and assesses.
  const [mine] = (
    await ok<{ entries: { entry: { id: string } }[] }>(call(editor, 'GET', `/api/cycles/${cycleId}/entries`))
  ).entries;
  const entryId = mine!.entry.id;
  const saved = await ok<{ version: number }>(
    call(editor, 'PUT', `/api/entries/${entryId}`, {
      version: 1,
      text: F['entry.text'],
      stage: null,
      plans: [{ period: 'FY2024', text: F['entry.plan'] }],
      evidence: [{ url: EVIDENCE_URL, title: F['entry.evidenceTitle'] }],
    }),
  );
  await ok(
    call(editor, 'PUT', `/api/indicators/${indicatorId}/observations`, {
      cycleId,
      period: 'FY2023-end',
      value: 5,
      source: F['observation.source'],
      note: F['observation.note'],
      version: null,
    }),
  );
  const submitted = await ok<{ version: number }>(
    call(editor, 'POST', `/api/entries/${entryId}/submit`, { version: saved.version }),
  );
  await ok(
    call(reviewer, 'POST', `/api/entries/${entryId}/return`, {
      version: submitted.version,
      comment: F['entry.reviewComment'],
    }),
  );
  await ok(
    call(reviewer, 'PUT', `/api/cycles/${cycleId}/assessments/${target.id}`, {
      version: null,
      rating: 'steady',
      narrative: F['assessment.narrative'],
      remark: F['assessment.remark'],
    }),
  );
  await ok(
    call(reviewer, 'PUT', `/api/cycles/${cycleId}/assessments/${pillar.id}`, {
      version: null,
      rating: null,
      narrative: F['pillarAssessment.narrative'],
    }),
  );
  await ok(
    call(reviewer, 'PUT', `/api/cycles/${cycleId}/summary`, {
      version: null,
      overall: [F['summary.overall']],
      pillars: [{ nodeId: pillar.id, bullets: [F['summary.bullet']] }],
    }),
  );
  return {
    editor,
    cycleId,
    entryId,
    indicatorId,
    initiativeId: initiative.id,
    nodeIds: { pillar: pillar.id, goal: goal.id, target: target.id },
  };
}
