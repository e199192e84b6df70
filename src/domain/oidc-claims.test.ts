import { describe, expect, it } from 'vitest';
import { claimValues, loginFromClaims, mapOrganisations, mapRole } from './oidc-claims.ts';

describe('identity provider claims', () => {
  it('reads a claim given as one value or a list', () => {
    expect(claimValues({ roles: 'a' }, 'roles')).toEqual(['a']);
    expect(claimValues({ roles: ['a', 3, 'b'] }, 'roles')).toEqual(['a', 'b']);
    expect(claimValues({}, 'roles')).toEqual([]);
  });

  it('takes the most privileged role any value maps to, or none', () => {
    const map = { editors: 'editor', secretariat: 'reviewer', ops: 'admin' } as const;
    expect(mapRole(['editors', 'secretariat'], map)).toBe('reviewer');
    expect(mapRole(['ops', 'editors'], map)).toBe('admin');
    expect(mapRole(['staff'], map)).toBeNull();
    expect(mapRole([], map)).toBeNull();
  });

  it('keeps only organisations the system knows, mapped or as ids', () => {
    const known = new Set(['mic', 'mhlw']);
    expect(
      mapOrganisations(['総務省', '外務省', '総務省'], { 総務省: 'mic', 外務省: 'mofa' }, known),
    ).toEqual(['mic']);
    expect(mapOrganisations(['mhlw', 'mic', 'nope'], undefined, known)).toEqual(['mhlw', 'mic']);
  });

  it('takes a login name from the configured claim, else preferred_username or email, if valid', () => {
    expect(loginFromClaims({ upn: 'a@x.go.jp', preferred_username: 'b' }, 'upn')).toBe('a@x.go.jp');
    expect(loginFromClaims({ preferred_username: '山田', email: 'yamada@x.go.jp' }, 'upn')).toBe(
      'yamada@x.go.jp',
    );
    expect(loginFromClaims({ preferred_username: 'has space' }, 'preferred_username')).toBeNull();
  });
});
