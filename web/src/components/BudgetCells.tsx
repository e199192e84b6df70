/**
 * The cells every budget table shares: the project heading a line stands under, and the
 * figures total, executed and execution rate (the rate worked out when not given), and the
 * link to a cycle's budget CSV.
 */
import { budgetCsvUrl } from '../api/endpoints.ts';
import { useT, type Lang } from '../i18n.ts';
import { rateLabel, yenLabel } from '../lib/budget.ts';

export function ProjectHeader({ number, name }: { number: string; name?: string }) {
  return (
    <th scope="row">
      <code>{number}</code>
      {name !== undefined && (
        <>
          {' '}
          <span lang="ja">{name}</span>
        </>
      )}
    </th>
  );
}

export function BudgetFigures({
  total,
  executed,
  rate = executed === null ? null : executed / total,
  lang,
}: {
  total: number;
  executed: number | null;
  rate?: number | null;
  lang: Lang;
}) {
  return (
    <>
      <td className="num">{yenLabel(total, lang)}</td>
      <td className="num">{yenLabel(executed, lang)}</td>
      <td className="num">{rateLabel(rate)}</td>
    </>
  );
}

export function BudgetDownload({ strategyId, cycleId }: { strategyId: string; cycleId: string }) {
  const t = useT();
  return (
    <p>
      <a href={budgetCsvUrl(strategyId, cycleId)} download="">
        {t('web.budget.download')}
      </a>
    </p>
  );
}
