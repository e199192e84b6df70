import { isFallback, pick } from '../lib/format.ts';
import { paths } from '../lib/paths.ts';
import { useLang } from '../i18n.ts';
import { L, Text } from './Link.tsx';

/** A list of indicators, each linking to its page, named in the reader's language. */
export function IndicatorLinks({
  indicators,
  className,
}: {
  indicators: readonly { id: string; name: string; nameEn?: string }[];
  className?: string;
}) {
  const lang = useLang();
  return (
    <ul className={className}>
      {indicators.map((i) => (
        <li key={i.id}>
          <L to={paths.indicator(i.id)}>
            <Text fallback={isFallback(lang, i.nameEn)}>{pick(lang, i.name, i.nameEn)}</Text>
          </L>
        </li>
      ))}
    </ul>
  );
}
