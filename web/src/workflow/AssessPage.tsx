/**
 * /assess/:cycleId — the secretariat's 概況 per target (missing ones first): rating, text,
 * needs-acceleration; the suggested status and its reasons beside it; then the summary.
 */
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { Assessment, Summary, VocabularyTerm } from '../../../src/domain/model.ts';
import type { Checklist, OutlineTree, OutlineNode } from '../../../src/domain/views.ts';
import type { SuggestionList, TargetSuggestion } from '../../../src/domain/insight/views.ts';
import { Loaded, Loading } from '../components/States.tsx';
import { cycleName, pick, titleOf } from '../lib/format.ts';
import { useLoad, usePageTitle } from '../lib/hooks.ts';
import { flatten } from '../lib/tree.ts';
import { useLang, useT } from '../i18n.ts';
import { findCycle, workflowApi, type AssessmentDraft } from '../api/endpoints.ts';
import { useVersionedDraft } from '../lib/useVersionedDraft.ts';
import { Announce, errorText, ministryTag, RequireSession } from './common.tsx';
import { ConflictNotice, DraftSaveButton, ExpiredNotice, updaterName } from './DraftNotices.tsx';
import { Options } from '../components/Options.tsx';
import { SelectField, TextPair, WfSection } from './Field.tsx';

export function AssessPage() {
  const { cycleId = '' } = useParams();
  return <RequireSession action="assessment:write">{() => <Assess cycleId={cycleId} />}</RequireSession>;
}

function Assess({ cycleId }: { cycleId: string }) {
  const t = useT();
  const lang = useLang();
  usePageTitle(t('workflow.assess.title'));
  const state = useLoad(async () => {
    const { cycle } = await findCycle(cycleId);
    const [tree, checklist, suggestions] = await Promise.all([
      workflowApi.tree(cycle.strategyId, cycle.id),
      workflowApi.checklist(cycle.id),
      workflowApi.suggestions(cycle.strategyId, cycle.id, lang).catch(() => null),
    ]);
    return { tree, checklist, suggestions };
  }, `${cycleId}/${lang}`);
  return (
    <Loaded state={state} title={t('workflow.assess.title')} failure={(e) => errorText(t, e)}>
      {(data) => <AssessView {...data} />}
    </Loaded>
  );
}

function AssessView({
  tree,
  checklist,
  suggestions,
}: {
  tree: OutlineTree;
  checklist: Checklist;
  suggestions: SuggestionList | null;
}) {
  const t = useT();
  const lang = useLang();
  const missing = new Set(checklist.assessments.missing);
  const nodes = flatten(tree.nodes).filter(
    (n) => n.mirrorOf === null && (missing.has(n.id) || n.assessment !== null),
  );
  nodes.sort((a, b) => Number(missing.has(b.id)) - Number(missing.has(a.id)));
  const ratings = tree.vocabulary.filter((v) => v.kind === 'rating').sort((a, b) => a.position - b.position);
  return (
    <>
      <h1>
        {t('workflow.assess.title')}
        <span className="wf-kicker-after">{cycleName(tree.cycle, lang)}</span>
      </h1>
      <p>{t('workflow.assess.lead')}</p>
      <ul className="wf-cards">
        {nodes.map((n) => (
          <NodeCard
            key={n.id}
            tree={tree}
            node={n}
            missing={missing.has(n.id)}
            ratings={ratings}
            suggestion={suggestions?.targets.find((s) => s.nodeId === n.id) ?? null}
          />
        ))}
      </ul>
      <SummaryEditor tree={tree} />
    </>
  );
}

function NodeCard({
  tree,
  node,
  missing,
  ratings,
  suggestion,
}: {
  tree: OutlineTree;
  node: OutlineNode;
  missing: boolean;
  ratings: VocabularyTerm[];
  suggestion: TargetSuggestion | null;
}) {
  const t = useT();
  const lang = useLang();
  const form = useVersionedDraft<Assessment, AssessmentDraft>({
    record: node.assessment,
    fromRecord: (a) => ({
      rating: a?.rating ?? null,
      narrative: a?.narrative ?? '',
      narrativeEn: a?.narrativeEn ?? '',
      needsAcceleration: a?.needsAcceleration ?? false,
    }),
    save: (draft, version) => workflowApi.saveAssessment(tree.cycle.id, node.id, version, draft),
    storageKey: `shinchoku.assessment.${tree.cycle.id}.${node.id}`,
    editable: () => true,
  });
  const saved = form.record;
  const { draft } = form;
  const id = `node-${node.id}`;
  const label = (code: string | null) => {
    const term = ratings.find((r) => r.code === code);
    return term ? pick(lang, term.labelJa, term.labelEn) : t('workflow.assess.rating_none');
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void form.saveNow();
  };
  const done = saved !== null;
  return (
    <li className="wf-card wf-card--assess" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {node.code} {titleOf(lang, node)}{' '}
        <span className={`wf-state ${done ? 'wf-state--accepted' : 'wf-state--returned'}`}>
          {done || !missing ? `✓ ${t('workflow.assess.done')}` : `! ${t('workflow.assess.missing')}`}
        </span>
      </h2>
      <div className="wf-assess">
        {form.expired && <ExpiredNotice returnTo={`/assess/${tree.cycle.id}`} />}
        {form.conflict && (
          <ConflictNotice
            id={id}
            who={updaterName(form.conflict)}
            version={form.conflict.version}
            theirs={
              <p lang="ja">
                {label(form.conflict.rating)}: {form.conflict.narrative}
              </p>
            }
            onKeepMine={() => void form.keepMine()}
            onTakeTheirs={form.takeTheirs}
          />
        )}
        <form onSubmit={save} className="wf-form">
          <SelectField
            id={`${id}-rating`}
            label={t('workflow.assess.rating')}
            value={draft.rating ?? ''}
            onValue={(v) => form.change({ rating: v || null })}
            all={t('workflow.assess.rating_none')}
          >
            <Options of={ratings} value={(r) => r.code} label={(r) => pick(lang, r.labelJa, r.labelEn)} />
          </SelectField>
          <TextPair
            id={`${id}-narrative`}
            labels={[t('workflow.assess.narrative'), t('workflow.assess.narrative_en')]}
            values={[draft.narrative, draft.narrativeEn ?? '']}
            onValues={[(v) => form.change({ narrative: v }), (v) => form.change({ narrativeEn: v })]}
          />
          <div className="wf-check">
            <input
              type="checkbox"
              id={`${id}-accelerate`}
              checked={draft.needsAcceleration}
              onChange={(e) => form.change({ needsAcceleration: e.target.checked })}
            />
            <label htmlFor={`${id}-accelerate`}>{t('workflow.assess.accelerate')}</label>
          </div>
          <Announce
            message={form.state === 'saved' ? t('workflow.assess.saved', { code: node.code }) : null}
            error={form.error ? errorText(t, form.error) : null}
          />
          <DraftSaveButton form={form}>{t('workflow.assess.save')}</DraftSaveButton>
        </form>
        <div className="wf-aside">
          {suggestion && (
            <div className="wf-suggestion">
              <h3 id={`${id}-sg`}>{t('workflow.assess.suggestion')}</h3>
              <p>
                {t('workflow.assess.suggested', {
                  rating: label(suggestion.suggested.rating),
                  confidence: t(`workflow.assess.confidence.${suggestion.suggested.confidence}`),
                })}
              </p>
              {suggestion.reasons.length > 0 && (
                <>
                  <h4>{t('workflow.assess.reasons')}</h4>
                  <ul>
                    {suggestion.reasons.map((r, i) => (
                      <li key={i}>{r.text}</li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
          {node.items.length > 0 && <ItemTexts tree={tree} node={node} />}
        </div>
      </div>
    </li>
  );
}

interface SummaryDraft {
  overall: string;
  /** The overall verdict in English, one line per bullet ('' when not translated). */
  overallEn: string;
  /** Bullets per pillar, one per line, by node id. */
  pillars: Record<string, string>;
  /** Their English, by node id. */
  pillarsEn: Record<string, string>;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The node's items with their texts (主な進捗), read when the reviewer opens the list: the
 * tree carries no texts, and most targets are assessed without opening it.
 */
function ItemTexts({ tree, node }: { tree: OutlineTree; node: OutlineNode }) {
  const t = useT();
  const [texts, setTexts] = useState<Map<string, string> | 'loading' | 'error' | null>(null);
  const open = () => {
    if (texts !== null && texts !== 'error') return;
    setTexts('loading');
    workflowApi.nodeEntries(tree.strategy.id, tree.cycle.id, node.id).then(
      (entries) => setTexts(new Map(entries.map((e) => [e.id, e.text]))),
      () => setTexts('error'),
    );
  };
  return (
    <details onToggle={(e) => e.currentTarget.open && open()}>
      <summary>{t('workflow.assess.items', { count: node.items.length })}</summary>
      {texts === 'loading' && <Loading />}
      {texts === 'error' && <p role="alert">{t('workflow.assess.items_error')}</p>}
      <ul className="wf-plain">
        {node.items.map((item) => (
          <li key={item.initiative.id} lang="ja">
            {(item.entry && texts instanceof Map && texts.get(item.entry.id)) ||
              titleOf('ja', item.initiative)}
            {ministryTag(
              item.initiative.ownerIds.map(
                (oid) => tree.organisations.find((o) => o.id === oid)?.shortName ?? oid,
              ),
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

function SummaryEditor({ tree }: { tree: OutlineTree }) {
  const t = useT();
  const lang = useLang();
  const form = useVersionedDraft<Summary, SummaryDraft>({
    record: tree.summary,
    fromRecord: (summary) => ({
      overall: (summary?.overall ?? []).join('\n'),
      overallEn: (summary?.overallEn ?? []).join('\n'),
      pillars: Object.fromEntries(
        tree.nodes.map((p) => [
          p.id,
          (summary?.pillars.find((x) => x.nodeId === p.id)?.bullets ?? []).join('\n'),
        ]),
      ),
      pillarsEn: Object.fromEntries(
        tree.nodes.map((p) => [
          p.id,
          (summary?.pillars.find((x) => x.nodeId === p.id)?.bulletsEn ?? []).join('\n'),
        ]),
      ),
    }),
    save: (draft, version) =>
      workflowApi.saveSummary(
        tree.cycle.id,
        version,
        lines(draft.overall),
        // a draft kept in the browser before the English fields existed has none
        lines(draft.overallEn ?? ''),
        tree.nodes
          .map((p) => ({
            nodeId: p.id,
            bullets: lines(draft.pillars[p.id] ?? ''),
            bulletsEn: lines(draft.pillarsEn?.[p.id] ?? ''),
          }))
          .filter((p) => p.bullets.length),
      ),
    storageKey: `shinchoku.summary.${tree.cycle.id}`,
    editable: () => true,
  });
  const { draft } = form;
  const save = (e: FormEvent) => {
    e.preventDefault();
    void form.saveNow();
  };
  return (
    <WfSection id="summary" title={t('workflow.assess.summary')}>
      {form.expired && <ExpiredNotice returnTo={`/assess/${tree.cycle.id}`} />}
      {form.conflict && (
        <ConflictNotice
          id="summary"
          who={updaterName(form.conflict)}
          version={form.conflict.version}
          theirs={
            <ul lang="ja">
              {form.conflict.overall.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          }
          onKeepMine={() => void form.keepMine()}
          onTakeTheirs={form.takeTheirs}
        />
      )}
      <form onSubmit={save} className="wf-form">
        <TextPair
          id="summary-overall"
          labels={[t('workflow.assess.summary_overall'), t('workflow.assess.summary_overall_en')]}
          values={[draft.overall, draft.overallEn ?? '']}
          onValues={[(v) => form.change({ overall: v }), (v) => form.change({ overallEn: v })]}
        />
        {tree.nodes.map((p) => (
          <div className="wf-field" key={p.id}>
            <label htmlFor={`summary-${p.id}`}>
              {t('workflow.assess.summary_pillar', { code: p.code, title: titleOf(lang, p) })}
            </label>
            <textarea
              id={`summary-${p.id}`}
              lang="ja"
              rows={3}
              value={draft.pillars[p.id] ?? ''}
              onChange={(e) => form.change({ pillars: { ...draft.pillars, [p.id]: e.target.value } })}
            />
            <label htmlFor={`summary-${p.id}-en`}>
              {t('workflow.assess.summary_pillar_en', { code: p.code, title: titleOf(lang, p) })}
            </label>
            <textarea
              id={`summary-${p.id}-en`}
              lang="en"
              rows={3}
              value={draft.pillarsEn?.[p.id] ?? ''}
              onChange={(e) => form.change({ pillarsEn: { ...draft.pillarsEn, [p.id]: e.target.value } })}
            />
          </div>
        ))}
        <Announce
          message={form.state === 'saved' ? t('workflow.assess.summary_saved') : null}
          error={form.error ? errorText(t, form.error) : null}
        />
        <DraftSaveButton form={form}>{t('workflow.assess.summary_save')}</DraftSaveButton>
      </form>
    </WfSection>
  );
}
