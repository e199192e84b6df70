/**
 * The secretariat's forms on a review card: write an entry on its ministry's behalf (代理入力,
 * the ministry is told and sees it on its entry), record a named exception (該当なし or
 * 報告なし) with its reason, or withdraw one. What was typed stays in the form on an error.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useLang, useT } from '../../i18n.ts';
import { titleOf } from '../../lib/format.ts';
import { reviewApi, type EntryWithInitiative, type ExceptionKind } from '../../api/endpoints.ts';
import { errorText, Named } from '../common.tsx';
import type { CardContext } from './ReviewCard.tsx';
import { RequiredTextField, SelectField, useRequiredText } from '../Field.tsx';

type Done = (message: string | null, error: string | null) => void;

/** Runs one secretariat action: busy meanwhile, then its message or its error to onDone. */
function useAction(onDone: Done): [boolean, (act: () => Promise<string>) => Promise<void>] {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const run = async (act: () => Promise<string>) => {
    setBusy(true);
    try {
      onDone(await act(), null);
    } catch (err) {
      onDone(null, errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return [busy, run];
}

/**
 * A secretariat form folded under its summary, which names the initiative to screen readers;
 * its words are <keys>.open (the summary), <keys>.lead and <keys>.save (the button).
 */
function FoldedForm({
  keys,
  title,
  busy,
  onSubmit,
  children,
}: {
  keys: string;
  title: string;
  busy: boolean;
  onSubmit: (e: FormEvent) => Promise<void>;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <details className="wf-secretariat">
      <summary>
        <Named text={t(`${keys}.open`)} name={title} />
      </summary>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="wf-form">
        <p className="subtle">{t(`${keys}.lead`)}</p>
        {children}
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t(`${keys}.save`)}
        </button>
      </form>
    </details>
  );
}

export function OnBehalfForm({
  item,
  ctx,
  onDone,
}: {
  item: EntryWithInitiative;
  ctx: CardContext;
  onDone: Done;
}) {
  const t = useT();
  const lang = useLang();
  const { entry, initiative } = item;
  const id = `behalf-${entry.id}`;
  const text = useRequiredText(`${id}-text`, entry.text);
  const [stage, setStage] = useState(entry.stage ?? '');
  const [submit, setSubmit] = useState(true);
  const [busy, run] = useAction(onDone);
  const title = titleOf(lang, initiative);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (submit && !text.require(t('workflow.review.behalf.text_required'))) return;
    await run(async () => {
      await reviewApi.saveOnBehalf(
        entry.id,
        entry.version,
        {
          text: text.value,
          textEn: entry.textEn,
          stage: stage || null,
          plans: entry.plans,
          evidence: entry.evidence,
        },
        submit,
      );
      return t(submit ? 'workflow.review.behalf.submitted' : 'workflow.review.behalf.saved', { title });
    });
  };
  return (
    <FoldedForm keys="workflow.review.behalf" title={title} busy={busy} onSubmit={save}>
      <RequiredTextField
        text={text}
        errorId={`${id}-error`}
        label={t('workflow.review.behalf.text')}
        rows={4}
      />
      <SelectField
        id={`${id}-stage`}
        label={t('workflow.review.behalf.stage')}
        value={stage}
        onValue={setStage}
        all={t('workflow.review.behalf.no_stage')}
      >
        {ctx.vocabulary
          .filter((v) => v.kind === 'stage')
          .map((v) => (
            <option key={v.code} value={v.code}>
              {ctx.stageLabel(v.code)}
            </option>
          ))}
      </SelectField>
      <p>
        <label>
          <input type="checkbox" checked={submit} onChange={(e) => setSubmit(e.target.checked)} />{' '}
          {t('workflow.review.behalf.submit')}
        </label>
      </p>
    </FoldedForm>
  );
}

export function ExceptionForm({ item, onDone }: { item: EntryWithInitiative; onDone: Done }) {
  const t = useT();
  const lang = useLang();
  const { entry, initiative } = item;
  const [kind, setKind] = useState<ExceptionKind>('not_applicable');
  const id = `except-${entry.id}`;
  const reason = useRequiredText(`${id}-reason`);
  const [busy, run] = useAction(onDone);
  const title = titleOf(lang, initiative);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.require(t('workflow.review.except.reason_required'))) return;
    await run(async () => {
      await reviewApi.except(entry.id, entry.version, kind, reason.value.trim());
      return t('workflow.review.except.done', { title, kind: t(`workflow.state.${kind}`) });
    });
  };
  return (
    <FoldedForm keys="workflow.review.except" title={title} busy={busy} onSubmit={save}>
      <fieldset className="wf-field">
        <legend>{t('workflow.review.except.kind')}</legend>
        {(['not_applicable', 'no_report'] as const).map((k) => (
          <label key={k} className="wf-radio">
            <input
              type="radio"
              name={`${id}-kind`}
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
            />{' '}
            {t(`workflow.state.${k}`)}
          </label>
        ))}
      </fieldset>
      <RequiredTextField
        text={reason}
        errorId={`${id}-error`}
        label={t('workflow.review.except.reason')}
        rows={2}
      />
    </FoldedForm>
  );
}

export function WithdrawException({ item, onDone }: { item: EntryWithInitiative; onDone: Done }) {
  const t = useT();
  const lang = useLang();
  const [busy, run] = useAction(onDone);
  const title = titleOf(lang, item.initiative);
  const withdraw = () =>
    run(async () => {
      await reviewApi.withdrawException(item.entry.id, item.entry.version);
      return t('workflow.review.except.withdrawn', { title });
    });
  return (
    <p>
      <button
        type="button"
        className="button button--secondary"
        disabled={busy}
        onClick={() => void withdraw()}
      >
        <Named text={t('workflow.review.except.withdraw')} name={title} />
      </button>
    </p>
  );
}
