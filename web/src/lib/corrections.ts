/**
 * The corrections of a published cycle as the public pages use them: the list for the
 * notice, and whether a page's subject (a node, an initiative, an indicator, the summary)
 * was corrected, for its 「訂正あり」 mark.
 */
import type { Correction, CorrectionSubject, Publication } from '../../../src/domain/corrections.ts';
import { api } from '../api/endpoints.ts';
import { useLoad } from './hooks.ts';

export interface Corrections {
  list: Correction[];
  publication: Publication | null;
  /** Was this subject corrected after publication? */
  has: (type: CorrectionSubject['type'], id: string) => boolean;
}

const NONE: Corrections = { list: [], publication: null, has: () => false };

/** Loads once per page (the read client caches it); an error or a draft means no corrections. */
export async function loadCorrections(strategyId: string, cycleId: string): Promise<Corrections> {
  try {
    const { corrections, publication } = await api.corrections(strategyId, cycleId);
    const keys = new Set(
      corrections.flatMap((c) => c.changes.map((x) => `${x.subject.type}:${x.subject.id}`)),
    );
    return { list: corrections, publication, has: (type, id) => keys.has(`${type}:${id}`) };
  } catch {
    return NONE;
  }
}

export function useCorrections(strategyId: string, cycleId: string | undefined): Corrections {
  const state = useLoad(
    () => (cycleId ? loadCorrections(strategyId, cycleId) : Promise.resolve(NONE)),
    `${strategyId}/${cycleId ?? ''}`,
  );
  return state.status === 'ok' ? state.data : NONE;
}
