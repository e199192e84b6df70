/**
 * The search form: keywords and the filters GET /api/search supports. Options come from the
 * chosen strategy's tree (or the only strategy's). The form changes the URL only when
 * submitted, so that moving through a select does not reload results (WCAG 3.2.2).
 */
import { useId, type ReactNode } from 'react';
import type { StrategyListItem } from '../../../../src/domain/views.ts';
import { DOCUMENT_KINDS } from '../../../../src/domain/search/documents.ts';
import { asOfLabel, cycleName, orgShort, paren, pick, titleOf } from '../../lib/format.ts';
import type { TreeIndex } from '../../lib/tree.ts';
import { useLang, useT } from '../../i18n.ts';
import { formQuery } from '../limits.ts';
import { QueryForm } from '../QueryForm.tsx';
import { SEARCH_FILTERS, type SearchFilter } from '../../api/endpoints.ts';

export interface FilterOptions {
  strategies: StrategyListItem[];
  /** The strategy whose vocabulary, ministries and nodes are offered. */
  strategy: StrategyListItem | undefined;
  index: TreeIndex | null;
}

function Select({
  label,
  name,
  value,
  children,
  pending = false,
}: {
  label: string;
  name: SearchFilter;
  value: string;
  children: ReactNode;
  /** Its choices are still loading: shown (so nothing moves when they come) but disabled. */
  pending?: boolean;
}) {
  const t = useT();
  const id = useId();
  return (
    <div className="search-filter">
      <label htmlFor={id}>{label}</label>
      {/* a new element once the choices have come: an uncontrolled select takes its default value on mount only */}
      <select id={id} name={name} defaultValue={value} disabled={pending} key={pending ? 'pending' : 'ready'}>
        <option value="">{t('insight.web.search.any')}</option>
        {children}
      </select>
    </div>
  );
}

export function SearchForm({
  q,
  filters,
  options,
  onSearch,
}: {
  q: string;
  filters: Partial<Record<SearchFilter, string>>;
  options: FilterOptions | null;
  onSearch: (params: URLSearchParams) => void;
}) {
  const t = useT();
  const lang = useLang();
  const id = useId();
  const submit = (data: FormData) => {
    const next = new URLSearchParams();
    const text = formQuery(data);
    if (text !== '') next.set('q', text);
    for (const name of SEARCH_FILTERS) {
      const value = String(data.get(name) ?? '');
      if (value !== '') next.set(name, value);
    }
    onSearch(next);
  };
  const index = options?.index ?? null;
  const pending = options === null;
  const f = (name: SearchFilter) => filters[name] ?? '';
  return (
    <QueryForm label={t('insight.web.search.form_label')} className="search-form" onData={submit}>
      <div className="search-form__query">
        <label htmlFor={id}>{t('insight.web.search.keywords')}</label>
        <div className="search-form__row">
          <input id={id} type="search" name="q" defaultValue={q} aria-describedby={`${id}-hint`} />
          <button type="submit" className="button button--primary">
            {t('insight.web.search.submit')}
          </button>
        </div>
        <p id={`${id}-hint`} className="subtle">
          {t('insight.web.search.hint')}
        </p>
      </div>
      <fieldset className="search-form__filters">
        <legend>{t('insight.web.search.filters')}</legend>
        <Select label={t('insight.web.search.kind')} name="kind" value={f('kind')}>
          {DOCUMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`insight.web.kind.${k}`)}
            </option>
          ))}
        </Select>
        {options && options.strategies.length > 1 && (
          <Select label={t('insight.web.search.strategy')} name="strategy" value={f('strategy')}>
            {options.strategies.map((s) => (
              <option key={s.id} value={s.id}>
                {titleOf(lang, s)}
              </option>
            ))}
          </Select>
        )}
        {(options?.strategy ?? pending) && (
          <Select label={t('insight.web.search.cycle')} name="cycle" value={f('cycle')} pending={pending}>
            {(options?.strategy?.cycles ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {cycleName(c, lang)}
                {paren(lang, asOfLabel(c, lang))}
              </option>
            ))}
          </Select>
        )}
        {(index ?? pending) && (
          <>
            <Select
              label={t('insight.web.search.organisation')}
              name="organisation"
              value={f('organisation')}
              pending={pending}
            >
              {(index?.tree.organisations ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {orgShort(lang, o)}
                </option>
              ))}
            </Select>
            <Select label={t('insight.web.search.node')} name="node" value={f('node')} pending={pending}>
              {(index?.all ?? [])
                .filter((n) => n.mirrorOf === null)
                .map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.code} {titleOf(lang, n)}
                  </option>
                ))}
            </Select>
            <Select label={t('insight.web.search.stage')} name="stage" value={f('stage')} pending={pending}>
              {(index?.stages ?? []).map((v) => (
                <option key={v.code} value={v.code}>
                  {pick(lang, v.labelJa, v.labelEn)}
                </option>
              ))}
            </Select>
            <Select
              label={t('insight.web.search.rating')}
              name="rating"
              value={f('rating')}
              pending={pending}
            >
              {(index?.ratings ?? []).map((v) => (
                <option key={v.code} value={v.code}>
                  {pick(lang, v.labelJa, v.labelEn)}
                </option>
              ))}
            </Select>
          </>
        )}
      </fieldset>
    </QueryForm>
  );
}
