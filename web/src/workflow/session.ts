/**
 * The session as the browser knows it: who is signed in and the CSRF token, in memory
 * only. A flag in localStorage remembers that someone signed in, so that public pages ask
 * /api/auth/me only then (anonymous readers cause no 401s).
 */
import { useSyncExternalStore } from 'react';
import { ROLE_ACTIONS, type Action, type Role } from '../../../src/domain/access.ts';

export interface SessionUser {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  organisationIds: string[];
  /** Signed in with a temporary password: only the change-password page opens. */
  mustChangePassword?: boolean;
}

export interface SessionState {
  /** unknown: not asked yet; expired: a request answered 401 after a sign-in. */
  status: 'unknown' | 'checking' | 'anonymous' | 'signed-in' | 'expired';
  user: SessionUser | null;
  csrfToken: string | null;
}

const FLAG = 'shinchoku.signed-in';
let state: SessionState = { status: 'unknown', user: null, csrfToken: null };
const listeners = new Set<() => void>();

function set(next: SessionState) {
  state = next;
  for (const l of listeners) l();
}

function flag(on: boolean) {
  try {
    if (on) window.localStorage.setItem(FLAG, '1');
    else window.localStorage.removeItem(FLAG);
  } catch {
    // storage disabled: public pages then simply do not show the signed-in links
  }
}

export function hasSignedInBefore(): boolean {
  try {
    return window.localStorage.getItem(FLAG) === '1';
  } catch {
    return false;
  }
}

export const session = {
  get: () => state,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  signedIn(user: SessionUser, csrfToken: string | null) {
    flag(true);
    set({ status: 'signed-in', user, csrfToken });
  },
  signedOut() {
    flag(false);
    set({ status: 'anonymous', user: null, csrfToken: null });
  },
  /** A request answered 401: the session ended on the server (timeout, sign-out elsewhere). */
  expire() {
    if (state.status === 'signed-in') set({ status: 'expired', user: null, csrfToken: null });
    else if (state.status !== 'expired') set({ status: 'anonymous', user: null, csrfToken: null });
  },
  checking() {
    set({ ...state, status: 'checking' });
  },
};

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}

export function can(user: SessionUser | null, action: Action): boolean {
  return !!user && ROLE_ACTIONS[user.role].includes(action);
}
