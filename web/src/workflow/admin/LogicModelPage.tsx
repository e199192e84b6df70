/**
 * /admin/strategies/:strategyId/nodes/:nodeId/logic-model — an administrator writes a
 * node's logic model: boxes under each stage (Japanese, optional English, the indicators
 * that measure it), with the diagram as the public will see it below. The activities are the
 * node's initiatives and are not typed. Saved whole with the version read
 * (useVersionedDraft: a 409 shows the other version, an ended session keeps the draft).
 */
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import {
  BOX_TEXT_MAX,
  BOXES_PER_STAGE,
  LOGIC_STAGES,
  STAGE_LABELS,
  type LogicBoxShape as LogicBox,
  type LogicModelShape as LogicModel,
  type LogicStage,
} from '../../../../src/domain/logic-diagram.ts';
import { shown } from '../../../../src/domain/english.ts';
import { adminApi } from '../../api/endpoints.ts';
import { L } from '../../components/Link.tsx';
import { LogicModelDiagram } from '../../components/LogicModelDiagram.tsx';
import { pick } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/hooks.ts';
import { useVersionedDraft } from '../../lib/useVersionedDraft.ts';
import { useLang, useT } from '../../i18n.ts';
import { Announce, errorText, RequireSession } from '../common.tsx';
import { ConflictNotice, DraftSaveButton, ExpiredNotice, updaterName } from '../DraftNotices.tsx';
import { AdminMenu, LoadState, useData } from './shared.tsx';
import { TextField } from '../Field.tsx';

type View = Awaited<ReturnType<typeof adminApi.logicModel>>;
type Held = { version: number; model: LogicModel };

export function LogicModelPage() {
  const { strategyId = '', nodeId = '' } = useParams();
  return (
    <RequireSession action="structure:write">
      {() => <LogicModelEditor strategyId={strategyId} nodeId={nodeId} />}
    </RequireSession>
  );
}

function LogicModelEditor({ strategyId, nodeId }: { strategyId: string; nodeId: string }) {
  const t = useT();
  const state = useData(async () => {
    const [view, nodes] = await Promise.all([
      adminApi.logicModel(strategyId, nodeId),
      adminApi.nodes(strategyId),
    ]);
    return { view, node: nodes.find((n) => n.id === nodeId) };
  }, `${strategyId}/${nodeId}`);
  const node = state.data?.node;
  const name = node ? `${node.code} ${node.title}` : nodeId;
  usePageTitle(t('workflow.admin.logic_model.title', { name }));
  return (
    <>
      <AdminMenu />
      <p>
        <L to={`/admin/strategies/${strategyId}`}>{t('workflow.admin.logic_model.back')}</L>
      </p>
      <h1>
        <span className="wf-kicker">{t('workflow.admin.logic_model.kicker')}</span>
        <span lang="ja">{name}</span>
      </h1>
      <p>{t('workflow.admin.logic_model.lead')}</p>
      <LoadState state={state} />
      {state.data && <Editor strategyId={strategyId} nodeId={nodeId} view={state.data.view} />}
    </>
  );
}

function Editor({ strategyId, nodeId, view }: { strategyId: string; nodeId: string; view: View }) {
  const t = useT();
  const lang = useLang();
  const [saved, setSaved] = useState(false);
  const form = useVersionedDraft<Held, LogicModel>({
    record: view.version === 0 ? null : { version: view.version, model: view.model },
    fromRecord: (held) => held?.model ?? view.model,
    save: async (model, version) => {
      const next = await adminApi.saveLogicModel(strategyId, nodeId, version ?? 0, model);
      setSaved(true);
      return { version: next.version, model: next.model };
    },
    storageKey: `shinchoku.admin.logic-model.${nodeId}`,
    editable: () => true,
    conflictOf: (current) => {
      const c = current as { version?: unknown; model?: unknown } | null;
      return c && typeof c.version === 'number' ? { version: c.version, model: c.model as LogicModel } : null;
    },
  });
  const model = form.draft;
  const setStage = (stage: LogicStage, boxes: LogicBox[]) => {
    setSaved(false);
    form.change({ [stage]: boxes });
  };
  const empties = LOGIC_STAGES.flatMap((s) => model[s].filter((b) => b.text.trim() === '').map(() => s));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (empties.length === 0) void form.saveNow();
  };
  const activities = view.activities.map((a) => {
    const title = shown(lang, a.title, a.titleEn);
    return { text: title.text, japaneseOnly: title.jaOnly };
  });

  return (
    <>
      {form.expired && (
        <ExpiredNotice returnTo={`/admin/strategies/${strategyId}/nodes/${nodeId}/logic-model`} />
      )}
      {form.conflict && (
        <ConflictNotice
          id="logic-model"
          who={updaterName(form.conflict)}
          version={form.conflict.version}
          theirs={<LogicModelDiagram model={form.conflict.model} activities={activities} />}
          onKeepMine={() => void form.keepMine()}
          onTakeTheirs={form.takeTheirs}
        />
      )}
      <form onSubmit={submit} className="wf-form" noValidate>
        <section aria-labelledby="lm-activities" className="wf-section">
          <h2 id="lm-activities">{STAGE_LABELS.activities[lang]}</h2>
          <p>{t('workflow.admin.logic_model.activities_note')}</p>
          {activities.length === 0 ? (
            <p>{t('workflow.admin.logic_model.no_activities')}</p>
          ) : (
            <ul>
              {activities.map((a, i) => (
                <li key={i} lang={a.japaneseOnly || lang === 'ja' ? 'ja' : undefined}>
                  {a.text}
                </li>
              ))}
            </ul>
          )}
        </section>
        {LOGIC_STAGES.map((stage) => (
          <StageFields
            key={stage}
            stage={stage}
            boxes={model[stage]}
            indicators={view.indicators}
            onChange={(boxes) => setStage(stage, boxes)}
          />
        ))}
        <Announce
          message={saved && form.state === 'saved' ? t('workflow.admin.logic_model.saved') : null}
          error={
            empties.length > 0
              ? t('workflow.admin.logic_model.empty_box', {
                  stage: STAGE_LABELS[empties[0] ?? 'outputs'][lang],
                })
              : form.error
                ? errorText(t, form.error)
                : null
          }
        />
        <div className="wf-buttons">
          <DraftSaveButton form={form}>{t('workflow.admin.logic_model.save')}</DraftSaveButton>
        </div>
      </form>
      <section aria-labelledby="lm-preview" className="wf-section">
        <h2 id="lm-preview">{t('workflow.admin.logic_model.preview')}</h2>
        <LogicModelDiagram model={model} activities={activities} />
      </section>
    </>
  );
}

function StageFields({
  stage,
  boxes,
  indicators,
  onChange,
}: {
  stage: LogicStage;
  boxes: LogicBox[];
  indicators: View['indicators'];
  onChange: (boxes: LogicBox[]) => void;
}) {
  const t = useT();
  const lang = useLang();
  const label = STAGE_LABELS[stage][lang];
  const update = (i: number, patch: Partial<LogicBox>) =>
    onChange(boxes.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  return (
    <fieldset className="wf-fieldset">
      <legend>{label}</legend>
      {boxes.length === 0 && <p>{t('workflow.admin.logic_model.no_boxes')}</p>}
      {boxes.map((box, i) => {
        const id = `lm-${stage}-${i}`;
        const n = i + 1;
        return (
          <div key={i} className="wf-subform">
            <TextField
              id={`${id}-text`}
              label={t('workflow.admin.logic_model.box_text', { stage: label, n })}
              lang="ja"
              rows={2}
              maxLength={BOX_TEXT_MAX}
              required
              aria-invalid={box.text.trim() === '' ? true : undefined}
              value={box.text}
              onValue={(v) => update(i, { text: v })}
            />
            <div className="wf-field">
              <label htmlFor={`${id}-en`}>
                {t('workflow.admin.logic_model.box_text_en', { stage: label, n })}
              </label>
              <input
                id={`${id}-en`}
                lang="en"
                maxLength={BOX_TEXT_MAX}
                value={box.textEn}
                onChange={(e) => update(i, { textEn: e.target.value })}
              />
            </div>
            {indicators.length > 0 && (
              <details>
                <summary>
                  {t('workflow.admin.logic_model.box_indicators', {
                    stage: label,
                    n,
                    count: box.indicatorIds.length,
                  })}
                </summary>
                <ul className="wf-plain">
                  {indicators.map((k) => (
                    <li key={k.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={box.indicatorIds.includes(k.id)}
                          onChange={(e) =>
                            update(i, {
                              indicatorIds: e.target.checked
                                ? [...box.indicatorIds, k.id]
                                : box.indicatorIds.filter((x) => x !== k.id),
                            })
                          }
                        />{' '}
                        <span lang={lang === 'en' && k.nameEn === '' ? 'ja' : undefined}>
                          {pick(lang, k.name, k.nameEn)}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </details>
            )}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => onChange(boxes.filter((_, j) => j !== i))}
            >
              {t('workflow.admin.logic_model.remove', { stage: label, n })}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="button button--secondary"
        disabled={boxes.length >= BOXES_PER_STAGE}
        onClick={() => onChange([...boxes, { text: '', textEn: '', indicatorIds: [] }])}
      >
        {t('workflow.admin.logic_model.add', { stage: label })}
      </button>
    </fieldset>
  );
}
