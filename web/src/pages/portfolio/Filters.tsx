/**
 * The portfolio pages' filters: labelled selects whose choice goes into the address at once,
 * inside a plain GET form with a button, so that a reader without JavaScript (a server-rendered
 * page) filters too. The address is the only state: the server renders a filtered address as
 * the browser does, so the page hydrates as it was rendered.
 */
import { useSearchParams } from 'react-router';
import { fiscalYearLabel } from '../../lib/format.ts';
import { useLang, useT } from '../../i18n.ts';

export interface FilterField {
  /** The query parameter. */
  name: string;
  label: string;
  /** The first option, which clears the filter. */
  all: string;
  options: { value: string; label: string }[];
}

/** The value of each filter in the address ('' when not set), and a setter of some at once. */
export function useFilters(): [(name: string) => string, (values: Record<string, string>) => void] {
  const [params, setParams] = useSearchParams();
  const choose = (values: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(values)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next);
  };
  return [(name) => params.get(name) ?? '', choose];
}

/** The fiscal year filtered by (`?fiscalYear=2022`), if a valid one is in the address. */
export function useFiscalYear(): number | undefined {
  const [value] = useFilters();
  const year = Number(value('fiscalYear'));
  return Number.isInteger(year) && year > 0 ? year : undefined;
}

/**
 * The filters form: `fields`, then the fiscal year among `years` (the latest published
 * follow-up when none is chosen).
 */
export function Filters({ id, fields, years }: { id: string; fields: FilterField[]; years: number[] }) {
  const t = useT();
  const lang = useLang();
  const [value, choose] = useFilters();
  const all: FilterField[] = [
    ...fields,
    {
      name: 'fiscalYear',
      label: t('web.portfolio.fiscal_year'),
      all: t('web.portfolio.latest_year'),
      options: years.map((y) => ({ value: String(y), label: fiscalYearLabel(y, lang) })),
    },
  ];
  return (
    <form
      className="filters"
      method="get"
      aria-label={t('web.portfolio.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        choose(Object.fromEntries(all.map((f) => [f.name, String(form.get(f.name) ?? '')])));
      }}
    >
      {all.map((f) => (
        <div className="filters__field" key={f.name}>
          <label htmlFor={`${id}-${f.name}`}>{f.label}</label>
          <select
            id={`${id}-${f.name}`}
            name={f.name}
            value={value(f.name)}
            onChange={(e) => choose({ [f.name]: e.target.value })}
          >
            <option value="">{f.all}</option>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="filters__field filters__submit">
        <button type="submit" className="button button--secondary">
          {t('web.portfolio.apply')}
        </button>
      </div>
    </form>
  );
}
