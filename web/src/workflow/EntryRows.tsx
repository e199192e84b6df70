/**
 * The entry form's repeatable rows (今後の予定, 根拠資料): a fieldset of rows, each with its
 * inputs and a remove button, and a button that adds a blank row. The texts are
 * workflow.entry.<item>_remove, <item>_add and, per input, <item>_<key>; an input's id is
 * <item>-<key>-<row index>, the id a problem names.
 */
import type { InputHTMLAttributes } from 'react';
import { useT } from '../i18n.ts';
import { Field } from './Field.tsx';

type Input<K> = { key: K; grow?: boolean } & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'size' | 'lang' | 'type'
>;

export function EntryRows<K extends string>({
  legend,
  item,
  rows,
  onChange,
  inputs,
  errorOf,
}: {
  legend: string;
  item: string;
  rows: Record<K, string>[];
  onChange: (rows: Record<K, string>[]) => void;
  inputs: Input<K>[];
  /** the problem found at an input, by its id */
  errorOf: (id: string) => string | undefined;
}) {
  const t = useT();
  const blank = Object.fromEntries(inputs.map((i) => [i.key, ''])) as Record<K, string>;
  return (
    <fieldset className="wf-rows">
      <legend>{legend}</legend>
      {rows.map((row, i) => (
        <div key={i} className="wf-row" role="group" aria-label={t('workflow.entry.row', { n: i + 1 })}>
          {inputs.map(({ key, grow, ...attrs }) => {
            const id = `${item}-${key}-${i}`;
            const error = errorOf(id);
            return (
              <Field key={key} id={id} label={t(`workflow.entry.${item}_${key}`)} error={error} grow={grow}>
                <input
                  id={id}
                  {...attrs}
                  value={row[key]}
                  onChange={(e) =>
                    onChange(rows.map((x, j) => (j === i ? { ...x, [key]: e.target.value } : x)))
                  }
                  {...(error && { 'aria-invalid': true, 'aria-describedby': `${id}-error` })}
                />
              </Field>
            );
          })}
          <button
            type="button"
            className="button button--secondary wf-remove"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {t(`workflow.entry.${item}_remove`, { n: i + 1 })}
          </button>
        </div>
      ))}
      <button type="button" className="button button--secondary" onClick={() => onChange([...rows, blank])}>
        {t(`workflow.entry.${item}_add`)}
      </button>
    </fieldset>
  );
}
