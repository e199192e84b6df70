/**
 * What both portfolio pages show of a strategy and its items: a title in the page's language
 * (marked Japanese only where it has no English), and a strategy's heading linked to the
 * dashboard of the follow-up shown, with a line under it naming that follow-up.
 */
import type { ReactNode } from 'react';
import { L, Text } from '../../components/Link.tsx';
import { cycleName, isFallback, titleOf } from '../../lib/format.ts';
import { paths } from '../../lib/paths.ts';
import { useLang } from '../../i18n.ts';

/** A strategy's, a target's or an initiative's title in the page's language. */
export function Title({ item }: { item: { title: string; titleEn: string } }) {
  const lang = useLang();
  return <Text fallback={isFallback(lang, item.titleEn)}>{titleOf(lang, item)}</Text>;
}

/** The strategy's heading (h2) and "<follow-up>・<detail>" under it. */
export function StrategyTitle({
  strategy,
  cycle,
  id,
  className,
  detail,
}: {
  strategy: { id: string; title: string; titleEn: string };
  cycle: { id: string; fiscalYear: number };
  id?: string;
  className?: string;
  detail: ReactNode;
}) {
  const lang = useLang();
  return (
    <>
      <h2 id={id} className={className}>
        <L to={paths.dashboard(strategy.id, cycle.id)}>
          <Title item={strategy} />
        </L>
      </h2>
      <p className="subtle">
        {cycleName(cycle, lang)}・{detail}
      </p>
    </>
  );
}
