/**
 * The signed-in user's unread notification count, shared by the header and the
 * notifications page: asked for after sign-in and whenever a page marks one read.
 */
import { useSyncExternalStore } from 'react';
import { workflowApi, type AppNotification } from '../api/endpoints.ts';

let unread: number | null = null;
const listeners = new Set<() => void>();

function set(next: number | null) {
  unread = next;
  for (const l of listeners) l();
}

export const inbox = {
  get: () => unread,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  /** Counts the unread ones of a list just fetched. */
  seen(list: AppNotification[]) {
    set(list.filter((n) => n.readAt === null).length);
  },
  async refresh() {
    try {
      inbox.seen(await workflowApi.notifications());
    } catch {
      set(null);
    }
  },
  clear() {
    set(null);
  },
};

export function useUnread(): number | null {
  return useSyncExternalStore(inbox.subscribe, inbox.get, inbox.get);
}
