/**
 * The KPIs (指標) of an entry's initiative with their figures (実績値), and the form that
 * adds one: period as officials write it (2023年度末, R5年度, 2024年3月 — read by the
 * domain's period parser), value, source and note. A ministry's editor reports its own
 * figures; the secretariat may enter one on the ministry's behalf (audited as such). Until
 * the cycle is published the figures are visible to the ministry and the secretariat only.
 */
import { useState, type FormEvent } from 'react';
import { parseJapanesePeriod, periodCode } from '../../../src/domain/calendar.ts';
import { periodLabel } from '../lib/format.ts';
import { useLang, useT } from '../i18n.ts';
import { workflowApi, type EntryContext } from '../api/endpoints.ts';

type Indicator = EntryContext['indicators'][number];
import { Announce, errorText } from './common.tsx';
import { DataTable, num } from '../components/DataTable.tsx';
import { Field } from './Field.tsx';

interface Props {
  indicators: Indicator[];
  cycleId: string;
  /** 'editor': the ministry's own figure; 'proxy': the secretariat's on its behalf; null: read only. */
  mode: 'editor' | 'proxy' | null;
}

interface FigureDraft {
  period: string;
  value: string;
  source: string;
  note: string;
}

const EMPTY: FigureDraft = { period: '', value: '', source: '', note: '' };

export function EntryIndicators({ indicators: initial, cycleId, mode }: Props) {
  const t = useT();
  const [indicators, setIndicators] = useState(initial);
  return (
    <section aria-labelledby="kpi-heading" className="wf-section" data-testid="entry-kpis">
      <h2 id="kpi-heading">{t('workflow.kpi.heading')}</h2>
      {indicators.length === 0 ? (
        <p>{t('workflow.kpi.none')}</p>
      ) : (
        <>
          <p className="subtle">{t('workflow.kpi.visibility')}</p>
          {indicators.map((ind) => (
            <IndicatorCard
              key={ind.id}
              indicator={ind}
              cycleId={cycleId}
              mode={mode}
              onSaved={(next) => setIndicators((list) => list.map((x) => (x.id === next.id ? next : x)))}
            />
          ))}
        </>
      )}
    </section>
  );
}

function IndicatorCard({
  indicator,
  cycleId,
  mode,
  onSaved,
}: {
  indicator: Indicator;
  cycleId: string;
  mode: Props['mode'];
  onSaved: (i: Indicator) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [draft, setDraft] = useState<FigureDraft>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof FigureDraft, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = (field: string) => `kpi-${indicator.id}-${field}`;
  const headingId = id('heading');

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    const period = parseJapanesePeriod(draft.period);
    if (!draft.period.trim()) found.period = t('workflow.kpi.error.period_required');
    else if (!period) found.period = t('workflow.kpi.error.period', { value: draft.period.trim() });
    const raw = draft.value.normalize('NFKC').replace(/[,\s]/g, '');
    const value = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) found.value = t('workflow.kpi.error.value');
    setErrors(found);
    setMessage(null);
    setFailure(null);
    if (Object.keys(found).length > 0 || !period) return;
    const code = periodCode(period);
    const existing = indicator.observations.find((o) => o.period === code);
    if (existing && existing.cycleId !== cycleId) {
      setErrors({ period: t('workflow.kpi.error.other_cycle', { period: periodLabel(code, lang) }) });
      return;
    }
    const body = {
      cycleId,
      period: code,
      value,
      source: draft.source.trim(),
      note: draft.note.trim(),
      version: existing?.version ?? null,
    };
    setBusy(true);
    try {
      const saved =
        mode === 'proxy'
          ? await workflowApi.saveObservationOnBehalf(indicator.id, body)
          : await workflowApi.saveObservation(indicator.id, body);
      const observations = [...indicator.observations.filter((o) => o.period !== code), saved].sort((a, b) =>
        a.period < b.period ? -1 : a.period > b.period ? 1 : 0,
      );
      onSaved({ ...indicator, observations });
      setDraft(EMPTY);
      setMessage(
        t(existing ? 'workflow.kpi.updated' : 'workflow.kpi.added', { period: periodLabel(code, lang) }),
      );
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const field = (
    name: keyof FigureDraft,
    label: string,
    opts: { hint?: string; inputMode?: 'decimal' } = {},
  ) => {
    const error = errors[name];
    const describedBy = [error && `${id(name)}-error`, opts.hint && `${id(name)}-hint`]
      .filter(Boolean)
      .join(' ');
    return (
      <Field id={id(name)} label={label} hint={opts.hint} error={error}>
        <input
          id={id(name)}
          value={draft[name]}
          inputMode={opts.inputMode}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
        />
      </Field>
    );
  };

  return (
    <div className="wf-card" data-indicator={indicator.id}>
      <h3 id={headingId}>{indicator.name}</h3>
      <p className="subtle">
        {[
          indicator.unit && t('workflow.kpi.unit', { unit: indicator.unit }),
          indicator.targetText ||
            (indicator.targetValue !== null &&
              t('workflow.kpi.target', {
                value: indicator.targetValue,
                period: indicator.targetPeriod ? periodLabel(indicator.targetPeriod, lang) : '',
              })),
        ]
          .filter(Boolean)
          .join('・')}
      </p>
      {indicator.observations.length === 0 ? (
        <p>{t('workflow.kpi.no_figures')}</p>
      ) : (
        <DataTable
          scroll={headingId}
          keys="workflow.kpi.col."
          head={['period', num('value'), 'source', 'note']}
        >
          {indicator.observations.map((o) => (
            <tr key={o.id} data-period={o.period}>
              <th scope="row">
                {periodLabel(o.period, lang)}
                {o.cycleId === cycleId && <> {t('workflow.kpi.this_cycle')}</>}
              </th>
              <td className="num">{o.value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB')}</td>
              <td>{o.source}</td>
              <td>{o.note}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {mode && (
        <form onSubmit={(e) => void save(e)} noValidate className="wf-form" aria-labelledby={id('form')}>
          <h4 id={id('form')}>
            {mode === 'proxy'
              ? t('workflow.kpi.add_proxy', { name: indicator.name })
              : t('workflow.kpi.add', { name: indicator.name })}
          </h4>
          <Announce
            message={busy ? t('workflow.kpi.saving') : message}
            error={failure ? errorText(t, failure) : null}
          />
          <div className="wf-row">
            {field('period', t('workflow.kpi.period'), { hint: t('workflow.kpi.period_hint') })}
            {field('value', t('workflow.kpi.value'), { inputMode: 'decimal' })}
          </div>
          {field('source', t('workflow.kpi.source'))}
          {field('note', t('workflow.kpi.note'))}
          <div className="wf-buttons">
            <button type="submit" className="button button--secondary" disabled={busy}>
              {mode === 'proxy' ? t('workflow.kpi.save_proxy') : t('workflow.kpi.save')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
