/**
 * Who is reading. Anonymous readers see published cycles only; accounts with a role that
 * may read drafts see every cycle.
 */
import type { Cycle } from './model.ts';

export interface Viewer {
  canSeeDrafts: boolean;
}

export const ANONYMOUS: Viewer = { canSeeDrafts: false };
export const SYSTEM: Viewer = { canSeeDrafts: true };

export function canSeeCycle(viewer: Viewer, cycle: Pick<Cycle, 'state'>): boolean {
  return viewer.canSeeDrafts || cycle.state === 'published';
}
