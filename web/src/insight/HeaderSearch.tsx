/**
 * The site header's search box: a plain GET form to the search page, so it works the same
 * with or without JavaScript; with it, the app navigates without a reload.
 */
import { useId } from 'react';
import { useNavigate } from 'react-router';
import { localPath, useLang, useT } from '../i18n.ts';
import { formQuery } from './limits.ts';
import { QueryForm } from './QueryForm.tsx';
import './messages.ts';
import './insight.css';

export function HeaderSearch() {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const id = useId();
  const action = localPath(lang, '/search');
  const submit = (data: FormData) => {
    const q = formQuery(data);
    void navigate(q === '' ? action : `${action}?${new URLSearchParams({ q }).toString()}`);
  };
  return (
    <QueryForm
      label={t('insight.web.search.site_label')}
      className="header-search"
      action={action}
      onData={submit}
    >
      <label htmlFor={id} className="visually-hidden">
        {t('insight.web.search.keywords')}
      </label>
      <input id={id} type="search" name="q" placeholder={t('insight.web.search.placeholder')} />
      {/* An <input>: a page's own submit button stays its only button[type=submit]. */}
      <input type="submit" className="button button--secondary" value={t('insight.web.search.submit')} />
    </QueryForm>
  );
}
