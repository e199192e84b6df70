/**
 * The API's cycle diff (GET /api/strategies/:id/diff) under the compare page's lists: how
 * each progress text and 概況 changed (a text diff), and how the KPI figures moved.
 */
import type { CycleDiff } from '../../../../src/domain/insight/views.ts';
import { RatingBadge, StageLabel } from '../../components/Badges.tsx';
import { L, Text } from '../../components/Link.tsx';
import { Loading } from '../../components/States.tsx';
import { formatNumber, isFallback, paren, periodLabel, pick, titleOf } from '../../lib/format.ts';
import { useLoad } from '../../lib/hooks.ts';
import { paths } from '../../lib/paths.ts';
import { useStrategy } from '../../lib/strategy-context.ts';
import { useLang, useT } from '../../i18n.ts';
import { insightApi } from '../../api/endpoints.ts';
import { TextDiff } from './TextDiff.tsx';
import '../messages.ts';
import '../insight.css';
import { DataTable, num } from '../../components/DataTable.tsx';

/**
 * Progress texts that changed, and reports present in one cycle only (as the compare page's
 * list of changed initiatives counts them, so the two counts agree).
 */
function Items({ items }: { items: CycleDiff['items'] }) {
  const { index } = useStrategy();
  const t = useT();
  const lang = useLang();
  const changed = [
    ...items.changed.map((c) => ({ ...c, presence: null })),
    ...items.removed.map((r) => ({ ...noChange(r.initiativeId, r.title), presence: 'dropped' as const })),
    ...items.added.map((a) => ({ ...noChange(a.initiativeId, a.title), presence: 'added' as const })),
  ];
  return (
    <section aria-labelledby="diff-texts">
      <h2 id="diff-texts">{t('insight.web.diff.texts', { count: changed.length })}</h2>
      {changed.length === 0 ? (
        <p className="subtle">{t('web.compare.none')}</p>
      ) : (
        <ul className="diff-list">
          {changed.map((c) => {
            const placed = index.initiatives.get(c.initiativeId)?.item.initiative;
            return (
              <li key={c.initiativeId}>
                <L to={paths.initiative(c.initiativeId)}>
                  {placed ? (
                    <Text fallback={isFallback(lang, placed.titleEn)}>{titleOf(lang, placed)}</Text>
                  ) : (
                    <Text fallback={lang !== 'ja'}>{c.title}</Text>
                  )}
                </L>{' '}
                {c.stage && (
                  <span className="change__detail">
                    <StageLabel code={c.stage.from} term={index.term('stage', c.stage.from)} />
                    <span aria-hidden="true">→</span>
                    <span className="visually-hidden">{t('web.compare.to')}</span>
                    <StageLabel code={c.stage.to} term={index.term('stage', c.stage.to)} />
                  </span>
                )}
                {c.presence && (
                  <span className="tag">
                    {t(c.presence === 'dropped' ? 'web.compare.entry_dropped' : 'web.compare.entry_added')}
                  </span>
                )}
                {c.plansChanged && <span className="tag">{t('insight.web.diff.plans_changed')}</span>}
                {c.text && <TextDiff parts={c.text} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

const noChange = (initiativeId: string, title: string): CycleDiff['items']['changed'][number] => ({
  initiativeId,
  title,
  organisationIds: [],
  stage: null,
  text: null,
  plansChanged: false,
});

function Assessments({ changed }: { changed: CycleDiff['assessments']['changed'] }) {
  const { index, strategyId, cycleId } = useStrategy();
  const t = useT();
  const lang = useLang();
  return (
    <section aria-labelledby="diff-assessments">
      <h2 id="diff-assessments">{t('insight.web.diff.assessments', { count: changed.length })}</h2>
      {changed.length === 0 ? (
        <p className="subtle">{t('web.compare.none')}</p>
      ) : (
        <ul className="diff-list">
          {changed.map((c) => {
            const node = index.byId.get(c.nodeId);
            return (
              <li key={c.nodeId}>
                <L to={paths.node(strategyId, cycleId, c.nodeId)}>
                  {node ? (
                    <>
                      {node.code} <Text fallback={isFallback(lang, node.titleEn)}>{titleOf(lang, node)}</Text>
                    </>
                  ) : (
                    <Text fallback={lang !== 'ja'}>{c.title}</Text>
                  )}
                </L>{' '}
                {c.rating && (
                  <span className="change__detail">
                    <RatingBadge term={index.term('rating', c.rating.from)} />
                    <span aria-hidden="true">→</span>
                    <span className="visually-hidden">{t('web.compare.to')}</span>
                    <RatingBadge term={index.term('rating', c.rating.to)} />
                  </span>
                )}
                {c.needsAcceleration && (
                  <span className="tag">
                    {t(
                      c.needsAcceleration.to
                        ? 'insight.web.diff.acceleration_on'
                        : 'insight.web.diff.acceleration_off',
                    )}
                  </span>
                )}
                {c.narrative && <TextDiff parts={c.narrative} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Indicators({ rows }: { rows: CycleDiff['indicators'] }) {
  const { index } = useStrategy();
  const t = useT();
  const lang = useLang();
  const figure = (x: { period: string; value: number } | null, unit: string) =>
    x
      ? `${formatNumber(x.value, lang)}${unit ? ` ${unit}` : ''}${paren(lang, periodLabel(x.period, lang))}`
      : '—';
  return (
    <section aria-labelledby="diff-kpis">
      <h2 id="diff-kpis">{t('insight.web.diff.kpis', { count: rows.length })}</h2>
      {rows.length === 0 ? (
        <p className="subtle">{t('web.compare.none')}</p>
      ) : (
        <DataTable
          keys="web.compare."
          head={['web.indicator.eyebrow', 'before', 'after', num('insight.web.diff.change')]}
        >
          {rows.map((r) => {
            const k = index.tree.indicators.find((i) => i.id === r.indicatorId);
            return (
              <tr key={r.indicatorId}>
                <th scope="row">
                  <L to={paths.indicator(r.indicatorId)}>
                    {k ? (
                      <Text fallback={isFallback(lang, k.nameEn)}>{pick(lang, k.name, k.nameEn)}</Text>
                    ) : (
                      <Text fallback={lang !== 'ja'}>{r.name}</Text>
                    )}
                  </L>
                </th>
                <td>{figure(r.from, r.unit)}</td>
                <td>{figure(r.to, r.unit)}</td>
                <td className="num">
                  {r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${formatNumber(r.change, lang)}`}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

/** Text, 概況 and KPI changes from `from` to the page's cycle, as the API computes them. */
export function CycleDiffView({ from }: { from: string }) {
  const { strategyId, cycleId } = useStrategy();
  const t = useT();
  const state = useLoad(() => insightApi.diff(strategyId, from, cycleId), `${strategyId}/${from}/${cycleId}`);
  if (state.status === 'loading') return <Loading />;
  // An error here stays a notice: the lists above are still worth reading.
  if (state.status === 'error') {
    return (
      <p role="alert" className="notice">
        {t('insight.web.diff.error')}
      </p>
    );
  }
  return (
    <div className="cycle-diff">
      <Items items={state.data.items} />
      <Assessments changed={state.data.assessments.changed} />
      <Indicators rows={state.data.indicators} />
    </div>
  );
}
