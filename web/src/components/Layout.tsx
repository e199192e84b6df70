/**
 * The page frame: skip link, header with the language switch, main landmark, footer. The
 * <html lang> follows the URL; focus moves to the main content after each navigation so
 * that screen-reader and keyboard users start at the new page.
 */
import { useContext, useEffect, useRef, type MouseEvent } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { LangContext, storeLang, storedLang, switchPath, useT, type Lang } from '../i18n.ts';
import { HeaderSearch } from '../insight/HeaderSearch.tsx';
import { RenderContext } from '../lib/ssr.ts';
import { SessionNav } from '../workflow/common.tsx';
import { L } from './Link.tsx';

let preferenceApplied = false;

function Header({ lang }: { lang: Lang }) {
  const t = useT();
  const location = useLocation();
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  const target = switchPath(location.pathname, other) + location.search + location.hash;
  const skip = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };
  return (
    <header className="site-header">
      <a href="#main" className="skip-link" onClick={skip}>
        {t('web.skip_to_content')}
      </a>
      <div className="container site-header__inner">
        <L to="/" className="site-title">
          <span className="site-title__name">{t('common.app_name')}</span>
          <span className="site-title__tagline">{t('web.site.tagline')}</span>
        </L>
        <HeaderSearch />
        <SessionNav />
        <nav aria-label={t('web.nav.language')} className="lang-switch">
          <Link to={target} lang={other} hrefLang={other} onClick={() => storeLang(other)}>
            <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
              <circle cx="9" cy="9" r="7.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
              <path
                d="M1.5 9h15M9 1.5c2.2 2.2 2.2 12.8 0 15M9 1.5c-2.2 2.2-2.2 12.8 0 15"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.4"
              />
            </svg>
            {other === 'en' ? 'English' : '日本語'}
          </Link>
        </nav>
      </div>
    </header>
  );
}

function Footer() {
  const t = useT();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t('web.footer.about')}</p>
        <p>
          {t('web.footer.api')} <a href="/api/openapi.json">/api/openapi.json</a>
        </p>
      </div>
    </footer>
  );
}

/**
 * What the frame does as the reader moves: the <html lang>, the stored language preference,
 * and, on a new page, scroll to the top, focus on the main landmark (the returned ref) and the
 * first page's <head> extras dropped.
 */
function useNavigationEffects(lang: Lang) {
  const location = useLocation();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);
  const publicUrl = useContext(RenderContext)?.publicUrl;

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // A reader who chose English before lands on English pages when opening a plain link.
  useEffect(() => {
    if (preferenceApplied) return;
    preferenceApplied = true;
    if (lang === 'ja' && storedLang() === 'en') {
      void navigate(switchPath(location.pathname, 'en') + location.search + location.hash, { replace: true });
    }
  }, [lang, location, navigate]);

  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
    // A server-rendered page's <head> described the first page only.
    if (publicUrl !== undefined) {
      document.querySelector('link[rel="canonical"]')?.setAttribute('href', publicUrl + location.pathname);
    }
    for (const doc of document.querySelectorAll('script[type="application/ld+json"]')) doc.remove();
  }, [location.pathname, publicUrl]);
  return main;
}

export function Shell({ lang }: { lang: Lang }) {
  const main = useNavigationEffects(lang);
  return (
    <LangContext.Provider value={lang}>
      <Header lang={lang} />
      <main id="main" tabIndex={-1} ref={main} className="container site-main">
        <Outlet />
      </main>
      <Footer />
    </LangContext.Provider>
  );
}
