/**
 * The corrections form of a published cycle (訂正): choose what to correct — a progress
 * entry (text, stage, plans), an assessment (rating, 概況), the summary, an indicator's
 * baseline or target, a figure, a node's or an initiative's title — change it, give the
 * reason, and register it as the next revision. The form starts from the published values
 * (the cycle's tree is its published record); below it, the corrections made so far.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { CorrectionKind } from '../../../src/domain/corrections.ts';
import type { Cycle, Indicator } from '../../../src/domain/model.ts';
import type { OutlineNode, OutlineTree } from '../../../src/domain/views.ts';
import { titleOf } from '../lib/format.ts';
import { useLoad } from '../lib/hooks.ts';
import { useLang, useT } from '../i18n.ts';
import { workflowApi, type EntryWithInitiative } from '../api/endpoints.ts';
import { Announce, errorText } from './common.tsx';
import { CorrectionHistory } from './CorrectionHistory.tsx';
import { buildRequest, formatPlans, FORM_KINDS, type FormValues, type Versions } from './correction-form.ts';
import { Options } from '../components/Options.tsx';
import { WfSection } from './Field.tsx';

const flatten = (nodes: OutlineNode[]): OutlineNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);
const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

interface Loaded {
  tree: OutlineTree;
  entries: EntryWithInitiative[];
  revision: number;
  history: Awaited<ReturnType<typeof workflowApi.corrections>>['corrections'];
}

export function CorrectionForm({ cycle }: { cycle: Cycle }) {
  const t = useT();
  const lang = useLang();
  const [round, setRound] = useState(0);
  const state = useLoad(async (): Promise<Loaded> => {
    const [tree, entries, record] = await Promise.all([
      workflowApi.tree(cycle.strategyId, cycle.id),
      workflowApi.cycleEntries(cycle.id),
      workflowApi.corrections(cycle.strategyId, cycle.id),
    ]);
    return { tree, entries, revision: record.publication?.revision ?? 0, history: record.corrections };
  }, `${cycle.id}/${round}`);
  const [values, setValues] = useState<FormValues>({
    kind: 'entry',
    reason: '',
    item: '',
    figure: '',
    fields: {},
  });
  const [versions, setVersions] = useState<Versions>({});
  const [figures, setFigures] = useState<Indicator['observations']>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const data = state.status === 'ok' ? state.data : null;
  const nodes = data ? flatten(data.tree.nodes) : [];
  const initiatives = [
    ...new Map(nodes.flatMap((n) => n.items.map((i) => [i.initiative.id, i.initiative]))).values(),
  ];

  const set = (fields: Record<string, string>) =>
    setValues((v) => ({ ...v, fields: { ...v.fields, ...fields } }));
  const chooseKind = (kind: CorrectionKind) => {
    setValues((v) => ({ kind, reason: v.reason, reasonEn: v.reasonEn, item: '', figure: '', fields: {} }));
    setProblems({});
    if (kind === 'summary' && data?.tree.summary) {
      setVersions({ summary: data.tree.summary.version });
      set({
        overall: data.tree.summary.overall.join('\n'),
        // a summary published before the English text has none
        overallEn: (data.tree.summary.overallEn ?? []).join('\n'),
      });
    }
  };
  /** Starts the fields from the published values of the chosen item. */
  const chooseItem = async (item: string) => {
    setValues((v) => ({ ...v, item, figure: '', fields: {} }));
    if (!data || item === '') return;
    const k = data.tree.indicators.find((x) => x.id === item);
    switch (values.kind) {
      case 'entry': {
        const e = data.entries.find((x) => x.entry.id === item)?.entry;
        if (e) {
          setVersions({ entry: e.version });
          set({ text: e.text, textEn: e.textEn ?? '', stage: e.stage ?? '', plans: formatPlans(e.plans) });
        }
        break;
      }
      case 'assessment': {
        const a = nodes.find((n) => n.id === item)?.assessment;
        if (a) {
          setVersions({ assessment: a.version });
          set({ rating: a.rating ?? '', narrative: a.narrative, narrativeEn: a.narrativeEn ?? '' });
        }
        break;
      }
      case 'indicator':
        if (k)
          set({
            baselineValue: text(k.baselineValue),
            baselinePeriod: k.baselinePeriod ?? '',
            targetValue: text(k.targetValue),
            targetText: k.targetText,
            targetPeriod: k.targetPeriod ?? '',
          });
        break;
      case 'observation':
        setFigures((await workflowApi.indicator(item)).observations);
        break;
      case 'node':
      case 'initiative': {
        const r =
          values.kind === 'node' ? nodes.find((n) => n.id === item) : initiatives.find((i) => i.id === item);
        if (r) set({ title: r.title, titleEn: r.titleEn });
        break;
      }
    }
  };
  const chooseFigure = (figure: string) => {
    const o = figures.find((x) => x.id === figure);
    const fields: Record<string, string> = o ? { value: String(o.value), note: o.note } : {};
    setValues((v) => ({ ...v, figure, fields }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = buildRequest(values, versions, data?.revision ?? 0);
    if ('problems' in built) {
      setProblems(Object.fromEntries(Object.entries(built.problems).map(([id, key]) => [id, t(key)])));
      const first = Object.keys(built.problems)[0];
      if (first !== undefined) document.getElementById(first)?.focus();
      return;
    }
    setProblems({});
    try {
      const result = await workflowApi.correct(cycle.id, built.request);
      setMessage(t('workflow.correct.done', { revision: result.revision }));
      setError(null);
      setValues({ kind: values.kind, reason: '', reasonEn: '', item: '', figure: '', fields: {} });
      setRound((r) => r + 1);
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const field = (id: string, label: string, control: ReactNode) => (
    <div className="wf-field">
      <label htmlFor={id}>{label}</label>
      {problems[id] && (
        <p id={`${id}-error`} className="wf-field-error">
          {problems[id]}
        </p>
      )}
      {control}
    </div>
  );
  const invalid = (id: string) =>
    problems[id] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
  const input = (id: string, name: string, opts: { multiline?: number; lang?: string } = {}) =>
    opts.multiline ? (
      <textarea
        id={id}
        lang={opts.lang}
        rows={opts.multiline}
        value={values.fields[name] ?? ''}
        onChange={(e) => set({ [name]: e.target.value })}
        {...invalid(id)}
      />
    ) : (
      <input
        id={id}
        lang={opts.lang}
        value={values.fields[name] ?? ''}
        onChange={(e) => set({ [name]: e.target.value })}
        {...invalid(id)}
      />
    );
  /** A text field: id correction-<slug>, labelled workflow.correct.<label>, editing fields[name]. */
  const box = (
    slug: string,
    name: string,
    opts: { multiline?: number; lang?: string } = {},
    label = slug.replaceAll('-', '_'),
  ) => field(`correction-${slug}`, t(`workflow.correct.${label}`), input(`correction-${slug}`, name, opts));
  const chooser = (id: string, options: { value: string; label: string }[]) => (
    <select id={id} value={values.item} onChange={(e) => void chooseItem(e.target.value)} {...invalid(id)}>
      <option value="">{t('workflow.correct.item_none')}</option>
      <Options of={options} value={(o) => o.value} label={(o) => o.label} />
    </select>
  );
  const terms = (kind: 'stage' | 'rating') =>
    (data?.tree.vocabulary ?? [])
      .filter((v) => v.kind === kind)
      .map((v) => ({ value: v.code, label: lang === 'en' ? v.labelEn : v.labelJa }));
  const termSelect = (id: string, name: string, kind: 'stage' | 'rating') => (
    <select id={id} value={values.fields[name] ?? ''} onChange={(e) => set({ [name]: e.target.value })}>
      <option value="">{t('workflow.correct.none')}</option>
      <Options of={terms(kind)} value={(o) => o.value} label={(o) => o.label} />
    </select>
  );
  const chosen = values.item !== '' || values.kind === 'summary';
  const { kind } = values;

  return (
    <WfSection id="corrections" title={t('workflow.correct.title')}>
      <p>{t('workflow.correct.lead')}</p>
      <Announce message={message} error={error} />
      <form onSubmit={(e) => void submit(e)} noValidate className="wf-form">
        {field(
          'correction-kind',
          t('workflow.correct.kind'),
          <select
            id="correction-kind"
            value={kind}
            onChange={(e) => chooseKind(e.target.value as CorrectionKind)}
          >
            <Options of={FORM_KINDS} value={(k) => k} label={(k) => t(`workflow.correct.kind_${k}`)} />
          </select>,
        )}
        {kind === 'entry' &&
          field(
            'correction-entry',
            t('workflow.correct.entry'),
            chooser(
              'correction-entry',
              (data?.entries ?? []).map(({ entry, initiative }) => ({
                value: entry.id,
                label: titleOf(lang, initiative),
              })),
            ),
          )}
        {(kind === 'assessment' || kind === 'node') &&
          field(
            'correction-node',
            t('workflow.correct.node'),
            chooser(
              'correction-node',
              nodes
                .filter((n) => kind === 'node' || (n.mirrorOf === null && n.assessment !== null))
                .map((n) => ({ value: n.id, label: `${n.code} ${titleOf(lang, n)}` })),
            ),
          )}
        {(kind === 'indicator' || kind === 'observation') &&
          field(
            'correction-indicator',
            t('workflow.correct.indicator'),
            chooser(
              'correction-indicator',
              (data?.tree.indicators ?? []).map((k) => ({
                value: k.id,
                label: lang === 'en' && k.nameEn ? k.nameEn : k.name,
              })),
            ),
          )}
        {kind === 'initiative' &&
          field(
            'correction-initiative',
            t('workflow.correct.initiative'),
            chooser(
              'correction-initiative',
              initiatives.map((i) => ({ value: i.id, label: titleOf(lang, i) })),
            ),
          )}
        {kind === 'observation' &&
          values.item !== '' &&
          field(
            'correction-figure',
            t('workflow.correct.figure'),
            <select
              id="correction-figure"
              value={values.figure}
              onChange={(e) => chooseFigure(e.target.value)}
              {...invalid('correction-figure')}
            >
              <option value="">{t('workflow.correct.item_none')}</option>
              <Options
                of={figures}
                value={(o) => o.id}
                label={(o) => (
                  <>
                    {o.period}: {o.value}
                  </>
                )}
              />
            </select>,
          )}
        {kind === 'entry' && (
          <>
            {box('text', 'text', { multiline: 4, lang: 'ja' })}
            {chosen && box('text-en', 'textEn', { multiline: 4, lang: 'en' })}
            {chosen &&
              field(
                'correction-stage',
                t('workflow.correct.stage'),
                termSelect('correction-stage', 'stage', 'stage'),
              )}
            {chosen && box('plans', 'plans', { multiline: 3, lang: 'ja' })}
          </>
        )}
        {kind === 'assessment' && chosen && (
          <>
            {field(
              'correction-rating',
              t('workflow.correct.rating'),
              termSelect('correction-rating', 'rating', 'rating'),
            )}
            {box('narrative', 'narrative', { multiline: 4, lang: 'ja' })}
            {box('narrative-en', 'narrativeEn', { multiline: 4, lang: 'en' })}
          </>
        )}
        {kind === 'summary' && (
          <>
            {box('overall', 'overall', { multiline: 4, lang: 'ja' })}
            {box('overall-en', 'overallEn', { multiline: 4, lang: 'en' })}
          </>
        )}
        {kind === 'indicator' && chosen && (
          <>
            {box('baseline', 'baselineValue')}
            {box('baseline-period', 'baselinePeriod')}
            {box('target', 'targetValue')}
            {box('target-text', 'targetText', { lang: 'ja' })}
            {box('target-period', 'targetPeriod')}
          </>
        )}
        {kind === 'observation' && values.figure !== '' && (
          <>
            {box('value', 'value')}
            {box('note', 'note', { lang: 'ja' })}
          </>
        )}
        {(kind === 'node' || kind === 'initiative') && chosen && (
          <>
            {box('title', 'title', { lang: 'ja' }, 'title_ja')}
            {box('title-en', 'titleEn', { lang: 'en' })}
          </>
        )}
        {field(
          'correction-reason',
          t('workflow.correct.reason'),
          <textarea
            id="correction-reason"
            lang="ja"
            rows={2}
            value={values.reason}
            onChange={(e) => setValues((v) => ({ ...v, reason: e.target.value }))}
            {...invalid('correction-reason')}
          />,
        )}
        {field(
          'correction-reason-en',
          t('workflow.correct.reason_en'),
          <textarea
            id="correction-reason-en"
            lang="en"
            rows={2}
            value={values.reasonEn ?? ''}
            onChange={(e) => setValues((v) => ({ ...v, reasonEn: e.target.value }))}
          />,
        )}
        <button type="submit" className="button button--primary">
          {t('workflow.correct.submit')}
        </button>
      </form>
      {data && <CorrectionHistory history={data.history} />}
    </WfSection>
  );
}
