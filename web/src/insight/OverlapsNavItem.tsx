/**
 * The strategy navigation's link to the possible-overlaps page, shown to the secretariat's
 * roles only (the page itself checks again).
 */
import { NavLink } from 'react-router';
import { paths } from '../lib/paths.ts';
import { can, useSession } from '../workflow/session.ts';
import { localPath, useLang, useT } from '../i18n.ts';
import './messages.ts';

export const overlapsPath = (strategyId: string, cycleId: string): string =>
  `${paths.dashboard(strategyId, cycleId)}/overlaps`;

export function OverlapsNavItem({ strategyId, cycleId }: { strategyId: string; cycleId: string }) {
  const t = useT();
  const lang = useLang();
  const { user } = useSession();
  if (!can(user, 'cycle:publish')) return null;
  return (
    <li>
      <NavLink to={localPath(lang, overlapsPath(strategyId, cycleId))}>
        {t('insight.web.overlaps.nav')}
      </NavLink>
    </li>
  );
}
