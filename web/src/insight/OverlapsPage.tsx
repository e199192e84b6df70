/**
 * …/cycles/:cycleId/overlaps — possible overlaps for the secretariat: initiatives of
 * different ministries whose texts are similar (TF-IDF cosine, computed by the API), with a
 * threshold kept in the URL. Shown to the secretariat's roles (reviewer, admin: the roles that
 * may publish); the list is a prompt for a person's judgement, not a finding.
 */
import { useId, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { OverlapList } from '../../../src/domain/insight/views.ts';
import { L, Text } from '../components/Link.tsx';
import { Loading } from '../components/States.tsx';
import { formatNumber, orgShort } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { useStrategy } from '../lib/strategy-context.ts';
import { errorText, RequireSession } from '../workflow/common.tsx';
import { useLang, useT } from '../i18n.ts';
import { insightApi } from '../api/endpoints.ts';
import './messages.ts';
import './insight.css';
import { DataTable, num } from '../components/DataTable.tsx';

/** The API's default threshold (src/domain/insight/overlap.ts DEFAULT_THRESHOLD). */
const DEFAULT_THRESHOLD = 0.3;
const STEP = 0.05;

/** A threshold from the URL: a number in (0, 1], else the default. */
export function thresholdOf(value: string | null): number {
  const n = Number(value);
  return value !== null && Number.isFinite(n) && n > 0 && n <= 1 ? n : DEFAULT_THRESHOLD;
}

function Pairs({ list }: { list: OverlapList }) {
  const { index } = useStrategy();
  const t = useT();
  const lang = useLang();
  const ja = lang === 'ja' ? undefined : 'ja';
  const orgs = (ids: string[]) =>
    ids
      .map((id) => {
        const org = index.orgs.get(id);
        return org ? orgShort(lang, org) : id;
      })
      .join(lang === 'ja' ? '、' : ', ');
  const side = (ref: OverlapList['pairs'][number]['a']) => (
    <>
      <L to={paths.initiative(ref.initiativeId)}>
        <Text fallback={ja !== undefined}>{ref.title}</Text>
      </L>
      <span className="subtle overlap__orgs">{orgs(ref.organisationIds)}</span>
    </>
  );
  return (
    <DataTable
      className="data-table overlaps"
      caption={t('insight.web.overlaps.caption', { count: list.pairs.length, threshold: list.threshold })}
      keys="insight.web.overlaps."
      head={['initiative_a', 'initiative_b', num('similarity'), 'shared_terms']}
    >
      {list.pairs.map((p) => (
        <tr key={`${p.a.initiativeId}/${p.b.initiativeId}`}>
          <td>{side(p.a)}</td>
          <td>{side(p.b)}</td>
          <td className="num">{formatNumber(Math.round(p.similarity * 100) / 100, lang)}</td>
          <td lang={ja}>{p.sharedTerms.join('、')}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function Overlaps() {
  const { strategyId, cycleId } = useStrategy();
  const t = useT();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const threshold = thresholdOf(params.get('threshold'));
  const state = useLoad(
    () => insightApi.overlaps(strategyId, cycleId, threshold),
    `${strategyId}/${cycleId}/${threshold}`,
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = thresholdOf(String(new FormData(e.currentTarget).get('threshold')));
    setParams(value === DEFAULT_THRESHOLD ? {} : { threshold: String(value) });
  };
  return (
    <>
      <form className="overlap-threshold" onSubmit={submit} key={threshold}>
        <label htmlFor={id}>{t('insight.web.overlaps.threshold')}</label>
        <input
          id={id}
          name="threshold"
          type="number"
          min={STEP}
          max={1}
          step={STEP}
          defaultValue={threshold}
          aria-describedby={`${id}-hint`}
        />
        <button type="submit" className="button button--secondary">
          {t('insight.web.overlaps.apply')}
        </button>
        <p id={`${id}-hint`} className="subtle">
          {t('insight.web.overlaps.threshold_hint', { default: DEFAULT_THRESHOLD })}
        </p>
      </form>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && (
        <p role="alert" className="notice">
          {errorText(t, state.error)}
        </p>
      )}
      {state.status === 'ok' &&
        (state.data.pairs.length === 0 ? (
          <p role="status" className="notice">
            {t('insight.web.overlaps.none', { threshold: state.data.threshold })}
          </p>
        ) : (
          <Pairs list={state.data} />
        ))}
    </>
  );
}

function Page() {
  const t = useT();
  usePageTitle(t('insight.web.overlaps.title'));
  return (
    <>
      <h1>{t('insight.web.overlaps.title')}</h1>
      <p className="lead">{t('insight.web.overlaps.lead')}</p>
      <Overlaps />
    </>
  );
}

export function OverlapsPage() {
  // cycle:publish is held by exactly the secretariat's roles (reviewer, admin).
  return <RequireSession action="cycle:publish">{() => <Page />}</RequireSession>;
}
