import { createContext, useContext } from 'react';
import type { StrategyListItem } from '../../../src/domain/views.ts';
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
