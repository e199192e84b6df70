/**
 * The portfolio pages' filters: labelled selects whose choice goes into the address at once,
 * inside a plain GET form with a button, so that a reader without JavaScript (a server-rendered
 * page) filters too.
 */
import { useSearchParams } from 'react-router';
import { useT } from '../../i18n.ts';

export interface FilterField {
  /** The query parameter. */
  name: string;
  label: string;
  /** The first option, which clears the filter. */
  all: string;
  options: { value: string; label: string }[];
}

/** The value of each filter in the address ('' when not set). */
export function useFilters(): [(name: string) => string, (name: string, value: string) => void] {
  const [params, setParams] = useSearchParams();
  const choose = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  return [(name) => params.get(name) ?? '', choose];
}

export function Filters({ id, fields }: { id: string; fields: FilterField[] }) {
  const t = useT();
  const [value, choose] = useFilters();
  return (
    <form
      className="filters"
      method="get"
      aria-label={t('web.portfolio.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        for (const f of fields) choose(f.name, String(form.get(f.name) ?? ''));
      }}
    >
      {fields.map((f) => (
        <div className="filters__field" key={f.name}>
          <label htmlFor={`${id}-${f.name}`}>{f.label}</label>
          <select
            id={`${id}-${f.name}`}
            name={f.name}
            value={value(f.name)}
            onChange={(e) => choose(f.name, e.target.value)}
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
