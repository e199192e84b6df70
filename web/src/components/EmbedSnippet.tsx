/**
 * 「このページを埋め込む」: the copy-paste code with which a ministry shows this target's card
 * or this indicator's chart on its own site — a placeholder and /embed.js (the iframe gets
 * the right height), or a plain iframe. Read-only labelled code boxes with a copy button.
 */
import { useContext, useId, useState } from 'react';
import { localPath, useLang, useT } from '../i18n.ts';
import { RenderContext } from '../lib/ssr.ts';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The snippets for an embed page (`/embed/...`) whose full page is `page` (an app path). */
export function embedSnippets(
  origin: string,
  embedPath: string,
  page: string,
  title: string,
  height: number,
): { script: string; iframe: string } {
  const src = `${origin}${embedPath}`;
  return {
    script:
      `<div data-shinchoku-embed="${escape(embedPath)}" data-height="${height}">` +
      `<a href="${escape(`${origin}${page}`)}">${escape(title)}</a></div>\n` +
      `<script src="${escape(`${origin}/embed.js`)}" async></script>`,
    iframe: `<iframe src="${escape(src)}" title="${escape(title)}" width="100%" height="${height}" loading="lazy"></iframe>`,
  };
}

function CodeBox({ label, code }: { label: string; code: string }) {
  const t = useT();
  const id = useId();
  const [status, setStatus] = useState('');
  const copy = () => {
    navigator.clipboard
      .writeText(code)
      .then(() => setStatus(t('web.embed.copied')))
      .catch(() => setStatus(t('web.embed.copy_failed')));
  };
  return (
    <div className="code-box">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        readOnly
        rows={code.split('\n').length + 1}
        value={code}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
      />
      <p className="code-box__actions">
        <button type="button" className="button button--secondary" onClick={copy}>
          {t('web.embed.copy')}
        </button>
        <span role="status">{status}</span>
      </p>
    </div>
  );
}

/** Embed code for a target (`kind` target) or an indicator; `page` is the full page's app path. */
export function EmbedSnippet({
  kind,
  id,
  page,
  title,
}: {
  kind: 'target' | 'indicator';
  id: string;
  page: string;
  title: string;
}) {
  const lang = useLang();
  const t = useT();
  const embedPath = localPath(
    lang,
    `/embed/${kind === 'target' ? 'targets' : 'indicators'}/${encodeURIComponent(id)}`,
  );
  // The public address (PUBLIC_URL) on the server and while hydrating; the page's own after that.
  const publicUrl = useContext(RenderContext)?.publicUrl;
  const snippets = embedSnippets(
    publicUrl ?? window.location.origin,
    embedPath,
    localPath(lang, page),
    title,
    kind === 'target' ? 360 : 480,
  );
  return (
    <section aria-labelledby="embed-heading" className="embed-snippet">
      <h2 id="embed-heading">{t('web.embed.heading')}</h2>
      <p>{t(kind === 'target' ? 'web.embed.intro_target' : 'web.embed.intro_indicator')}</p>
      <CodeBox label={t('web.embed.script_label')} code={snippets.script} />
      <CodeBox label={t('web.embed.iframe_label')} code={snippets.iframe} />
    </section>
  );
}
