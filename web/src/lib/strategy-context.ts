import { createContext, useContext } from 'react';
import { t } from '../../../src/i18n.ts';
import type { StrategyListItem } from '../../../src/domain/views.ts';
import { useLang } from '../i18n.ts';
import { cycleName, titleOf } from './format.ts';
import type { TreeIndex } from './tree.ts';

/** The strategy and cycle a page under /strategies/:id/cycles/:cycleId is about. */
export interface StrategyContextValue {
  strategy: StrategyListItem;
  index: TreeIndex;
  strategyId: string;
  cycleId: string;
}

export const StrategyContext = createContext<StrategyContextValue | null>(null);

export function useStrategy(): StrategyContextValue {
  const value = useContext(StrategyContext);
  if (!value) throw new Error('useStrategy outside a StrategyLayout');
  return value;
}

/** The meta description of a page about the current cycle (web.meta.<kind>). */
export function useCycleDescription(kind: string, name = ''): string {
  const { strategy, index } = useStrategy();
  const lang = useLang();
  return t(lang, `web.meta.${kind}`, {
    strategy: titleOf(lang, strategy),
    cycle: cycleName(index.tree.cycle, lang),
    name,
  });
}
