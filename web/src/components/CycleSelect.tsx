import { useId, useState, type FormEvent } from 'react';
import type { Cycle } from '../../../src/domain/model.ts';
import { asOfLabel, cycleName, paren } from '../lib/format.ts';
import { useLang, useT } from '../i18n.ts';

/**
 * Chooses a cycle. The page changes on the button, not on the selection itself, so that
 * keyboard users can move through the options without leaving the page (WCAG 3.2.2).
 */
export function CycleSelect({
  cycles,
  value,
  label,
  onChoose,
  name,
}: {
  cycles: Cycle[];
  value: string;
  label: string;
  onChoose: (cycleId: string) => void;
  name?: string;
}) {
  const lang = useLang();
  const t = useT();
  const id = useId();
  const [chosen, setChosen] = useState(value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChoose(chosen);
  };
  return (
    <form className="cycle-select" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {cycles.map((c) => (
          <option key={c.id} value={c.id}>
            {cycleName(c, lang)}
            {paren(lang, asOfLabel(c, lang))}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary">
        {t('web.cycle.show')}
      </button>
    </form>
  );
}
