/**
 * One initiative across the strategy: owners, every node it is listed under, its entry in
 * every published cycle on a timeline, its plans and milestones, and its indicators.
 */
import { useParams } from 'react-router';
import type { Organisation } from '../../../src/domain/model.ts';
import type { InitiativeDetail } from '../../../src/domain/views.ts';
import { api } from '../api/endpoints.ts';
import { OrgChips, StageLabel } from '../components/Badges.tsx';
import { Breadcrumbs } from '../components/Breadcrumbs.tsx';
import { L, Text } from '../components/Link.tsx';
import { Loaded } from '../components/States.tsx';
import { asOfLabel, cycleName, isFallback, orgName, paren, periodLabel, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { paths } from '../lib/paths.ts';
import { indexTree, otherPlaces, type TreeIndex } from '../lib/tree.ts';
import { CorrectedMark } from '../components/CorrectedMark.tsx';
import { loadCorrections } from '../lib/corrections.ts';
import { useLang, useT } from '../i18n.ts';
import { EntryText } from '../components/EntryText.tsx';
import { Localised } from '../components/Localised.tsx';
import { InitiativeBudgetSection } from './budget/BudgetSections.tsx';
import { IndicatorLinks } from '../components/IndicatorLinks.tsx';

async function load(initiativeId: string) {
  const detail = await api.initiative(initiativeId);
  const latest = [...detail.timeline].reverse()[0]?.cycle;
  const index = latest ? indexTree(await api.tree(detail.strategy.id, latest.id)) : null;
  // The cycles whose published record corrected this initiative (its entry or its title).
  const published = detail.timeline.filter((e) => e.cycle.state === 'published');
  const found = await Promise.all(
    published.map(async (e) => ({
      cycleId: e.cycle.id,
      corrections: await loadCorrections(detail.strategy.id, e.cycle.id),
    })),
  );
  const corrected = new Set(
    found.filter((f) => f.corrections.has('initiative', initiativeId)).map((f) => f.cycleId),
  );
  return { detail, index, corrected };
}

function Body({
  detail,
  index,
  corrected,
}: {
  detail: InitiativeDetail;
  index: TreeIndex | null;
  corrected: Set<string>;
}) {
  const lang = useLang();
  const t = useT();
  const init = detail.initiative;
  const title = titleOf(lang, init);
  usePageTitle(title, t('web.meta.initiative', { strategy: titleOf(lang, detail.strategy), name: title }));
  const sid = detail.strategy.id;
  const cid = index?.tree.cycle.id;
  const term = (code: string | null) => index?.term('stage', code);
  const owners: Organisation[] = detail.owners;
  // Where it is listed, plus the mirror nodes that show those nodes again.
  const listed = detail.nodes.flatMap((n) => {
    const node = index?.byId.get(n.id);
    return [n, ...(node && index ? otherPlaces(index, node) : [])];
  });
  const unique = [...new Map(listed.map((n) => [n.id, n])).values()];
  const latestPlans =
    [...detail.timeline].reverse().find((e) => e.entry && e.entry.plans.length > 0)?.entry?.plans ?? [];
  const crumbs = [
    { to: paths.home(), label: t('web.nav.home') },
    { to: cid ? paths.dashboard(sid, cid) : paths.strategy(sid), label: titleOf(lang, detail.strategy) },
  ];
  return (
    <>
      <Breadcrumbs items={crumbs} current={title} />
      <p className="eyebrow">{t('web.initiative.eyebrow')}</p>
      <h1>
        <Text fallback={isFallback(lang, init.titleEn)}>{title}</Text>
      </h1>
      <section aria-labelledby="owners-heading">
        <h2 id="owners-heading">{t('web.initiative.owners')}</h2>
        <OrgChips orgs={owners} strategyId={sid} cycleId={cid} />
        <p className="subtle">{owners.map((o) => orgName(lang, o)).join('、')}</p>
      </section>
      <section aria-labelledby="listed-heading">
        <h2 id="listed-heading">{t('web.initiative.listed_under')}</h2>
        <ul className="child-list">
          {unique.map((n) => (
            <li key={n.id}>
              {cid ? (
                <L to={paths.node(sid, cid, n.id)}>
                  {n.code} <Text fallback={isFallback(lang, n.titleEn)}>{titleOf(lang, n)}</Text>
                </L>
              ) : (
                `${n.code} ${titleOf(lang, n)}`
              )}
              {n.mirrorOf && <span className="mirror-mark">{t('web.node.mirror')}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('web.initiative.timeline')}</h2>
        <ol className="timeline">
          {detail.timeline.map(({ cycle, entry }) => (
            <li key={cycle.id} className="timeline__entry">
              <h3>
                {cycleName(cycle, lang)} <span className="subtle">{paren(lang, asOfLabel(cycle, lang))}</span>
                {corrected.has(cycle.id) && (
                  <CorrectedMark strategyId={detail.strategy.id} cycleId={cycle.id} />
                )}
              </h3>
              {entry ? (
                <>
                  <StageLabel code={entry.stage} term={term(entry.stage)} />
                  <EntryText entry={entry} />
                  {entry.evidence.length > 0 && (
                    <ul>
                      {entry.evidence.map((e) => (
                        <li key={e.url}>
                          <a href={e.url}>{e.title || e.url}</a>
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              ) : (
                <p className="subtle">{t('web.item.no_entry')}</p>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="plans-heading">
        <h2 id="plans-heading">{t('web.initiative.plans')}</h2>
        {latestPlans.length === 0 ? (
          <p>{t('web.initiative.no_plans')}</p>
        ) : (
          <ul className="milestones">
            {latestPlans.map((p, i) => (
              <li key={i}>
                <span className="milestones__when">{periodLabel(p.period, lang)}</span>
                <Localised ja={p.text} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <InitiativeBudgetSection initiativeId={init.id} />
      {detail.indicators.length > 0 && (
        <section aria-labelledby="indicators-heading">
          <h2 id="indicators-heading">{t('web.node.indicators')}</h2>
          <IndicatorLinks indicators={detail.indicators} />
        </section>
      )}
    </>
  );
}

export function InitiativePage() {
  const { initiativeId = '' } = useParams();
  const state = useLoad(() => load(initiativeId), initiativeId);
  return (
    <Loaded state={state}>
      {({ detail, index, corrected }) => <Body detail={detail} index={index} corrected={corrected} />}
    </Loaded>
  );
}
