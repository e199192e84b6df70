/**
 * Single sign-on with a ministry's OpenID Connect provider (e.g. Microsoft Entra ID): the
 * authorization code flow with PKCE (S256), state and nonce kept on the server for one use,
 * the ID token validated by openid-client, and the claims mapped to a role and ministries
 * (OIDC_ROLE_MAP, OIDC_ORG_CLAIM). An account is linked by issuer and subject, never by a
 * matching login name; its role and ministries follow the provider at every sign-in.
 */
import * as client from 'openid-client';
import type { Db } from '../db/database.ts';
import * as challengesRepo from '../db/repositories/challenges.repository.ts';
import * as identitiesRepo from '../db/repositories/identities.repository.ts';
import * as orgRepo from '../db/repositories/organisations.repository.ts';
import * as usersRepo from '../db/repositories/users.repository.ts';
import type { AuthConfig, OidcConfig } from '../config.ts';
import type { Role } from '../domain/access.ts';
import { AppError } from '../domain/errors.ts';
import {
  claimValues,
  loginFromClaims,
  mapOrganisations,
  mapRole,
  type Claims,
} from '../domain/oidc-claims.ts';
import { insertUserAudited, newUserRow, sha256 } from './accounts.service.ts';
import { audit } from './audit.service.ts';
import { createChallenge, liveChallenge, openSession, type LoginResult } from './signin.service.ts';
import { defined } from '../domain/defined.ts';

/** How long the provider may take to send the browser back. */
export const OIDC_STATE_MS = 10 * 60 * 1000;

/** Why single sign-on failed: the code the login page translates. */
export type OidcFailure =
  | 'oidc_unavailable'
  | 'oidc_state'
  | 'oidc_refused'
  | 'oidc_failed'
  | 'oidc_no_role'
  | 'oidc_no_organisation'
  | 'oidc_mfa'
  | 'oidc_disabled';

const fail = (reason: OidcFailure, message: string) => new AppError('unauthorized', message, { reason });

const discovered = new WeakMap<OidcConfig, Promise<client.Configuration>>();

/** The provider's metadata, discovered once per configuration (a failure is not kept). */
function providerConfig(oidc: OidcConfig): Promise<client.Configuration> {
  let found = discovered.get(oidc);
  if (!found) {
    // config.ts allows http:// only for loopback addresses (development and tests).
    const insecure = new URL(oidc.issuer).protocol === 'http:';
    found = client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        oidc.clientSecret,
        undefined,
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        discovered.delete(oidc);
        throw new AppError(
          'unavailable',
          `the identity provider cannot be reached: ${(err as Error).message}`,
          {
            reason: 'oidc_unavailable',
          },
        );
      });
    discovered.set(oidc, found);
  }
  return found;
}

interface OidcState {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

/** Starts a sign-in: the provider's URL to send the browser to, and the cookie that binds it. */
export async function startSignIn(
  db: Db,
  oidc: OidcConfig,
  next: string,
): Promise<{ url: string; cookie: string }> {
  const config = await providerConfig(oidc);
  const data: OidcState = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    next,
  };
  const cookie = await createChallenge(db, 'oidc', {
    userId: null,
    data,
    now: new Date(),
    ttlMs: OIDC_STATE_MS,
  });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidc.redirectUri,
    scope: oidc.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(data.verifier),
    code_challenge_method: 'S256',
    state: data.state,
    nonce: data.nonce,
  });
  return { url: url.href, cookie };
}

export interface OidcSignIn {
  session: LoginResult;
  next: string;
}

/**
 * Finishes a sign-in from the provider's redirect: the browser's cookie must find the state
 * (used once), the code is exchanged with the PKCE verifier, the ID token checked (issuer,
 * audience, signature, nonce), the claims mapped. Throws with an `OidcFailure` reason.
 */
export async function finishSignIn(
  db: Db,
  auth: Pick<AuthConfig, 'oidc' | 'mfaRequiredRoles'>,
  cookie: string | undefined,
  callbackUrl: URL,
  ip: string,
): Promise<OidcSignIn> {
  const oidc = auth.oidc;
  if (!oidc) throw fail('oidc_unavailable', 'single sign-on is not configured');
  const challenge = await liveChallenge(db, cookie, ['oidc']);
  // Whatever follows, this state cannot be used again.
  if (!challenge || !(await challengesRepo.takeChallenge(db.kysely, challenge.id))) {
    throw fail('oidc_state', 'the sign-in was not started here, or has expired; start again');
  }
  const data = JSON.parse(challenge.data) as OidcState;
  const config = await providerConfig(oidc);
  const error = callbackUrl.searchParams.get('error');
  if (error) throw fail('oidc_refused', `the identity provider refused the sign-in: ${error}`);
  let claims: Claims;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: data.verifier,
      expectedState: data.state,
      expectedNonce: data.nonce,
      idTokenExpected: true,
    });
    claims = { ...defined(tokens.claims(), 'the ID token claims') };
    if (claims[oidc.roleClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims };
    }
  } catch (err) {
    // A state that does not match is the client's check; anything else (a code used before,
    // a bad ID token) the exchange's.
    const reason =
      (err as { code?: string }).code === 'OAUTH_INVALID_RESPONSE' ? 'oidc_state' : 'oidc_failed';
    throw fail(reason, `the sign-in could not be completed: ${(err as Error).message}`);
  }
  const user = await accountFor(db, auth, oidc, claims, ip);
  return { session: await openSession(db, user, ip, 'oidc'), next: data.next };
}

/** The local account of the claims' subject: found and brought up to date, or created. */
async function accountFor(
  db: Db,
  auth: Pick<AuthConfig, 'mfaRequiredRoles'>,
  oidc: OidcConfig,
  claims: Claims,
  ip: string,
): Promise<usersRepo.UserRow> {
  const issuer = String(claims.iss);
  const subject = String(claims.sub);
  const shownLogin = loginFromClaims(claims, oidc.loginClaim) ?? subject;
  const refuse = async (reason: OidcFailure, message: string, userId = '') => {
    await db.kysely.transaction().execute((trx) =>
      audit(
        trx,
        { id: 'anonymous', ip },
        [
          {
            action: 'session.login_failed',
            entityType: 'user',
            entityId: userId,
            after: { login: shownLogin, reason, issuer, subject },
          },
        ],
        new Date().toISOString(),
      ),
    );
    return fail(reason, message);
  };

  const role = mapRole(claimValues(claims, oidc.roleClaim), oidc.roleMap);
  if (!role) throw await refuse('oidc_no_role', 'the identity provider gives this account no role here');
  const amr = claimValues(claims, 'amr');
  if (
    auth.mfaRequiredRoles.includes(role) &&
    oidc.requiredAmr.length > 0 &&
    !oidc.requiredAmr.some((m) => amr.includes(m))
  ) {
    throw await refuse('oidc_mfa', 'this role needs a sign-in with a second factor at the identity provider');
  }
  const known = new Set((await orgRepo.listOrganisations(db.kysely)).map((o) => o.id));
  const orgs = oidc.orgClaim ? mapOrganisations(claimValues(claims, oidc.orgClaim), oidc.orgMap, known) : [];
  if (role === 'editor' && orgs.length === 0) {
    throw await refuse('oidc_no_organisation', 'a ministry editor needs a ministry the system knows');
  }

  const identity = await identitiesRepo.findIdentity(db.kysely, issuer, subject);
  const existing = identity ? await usersRepo.findUser(db.kysely, identity.userId) : undefined;
  if (existing?.disabled === 1) throw await refuse('oidc_disabled', 'this account is disabled', existing.id);
  const now = new Date().toISOString();
  const displayName = typeof claims.name === 'string' && claims.name ? claims.name : shownLogin;
  const email = typeof claims.email === 'string' ? claims.email : '';
  return db.kysely.transaction().execute(async (trx) => {
    const actor = { id: `oidc:${issuer}`, ip };
    if (existing) {
      const before = {
        role: existing.role,
        organisationIds: existing.organisationIds,
        displayName: existing.displayName,
        email: existing.email,
      };
      const after = { role: role as string, organisationIds: orgs, displayName, email };
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await usersRepo.updateUser(trx, existing.id, {
          role,
          displayName,
          email,
          version: existing.version + 1,
          updatedAt: now,
          updatedBy: actor.id,
        });
        await usersRepo.setUserOrganisations(trx, existing.id, orgs);
        await audit(
          trx,
          actor,
          [{ action: 'user.sso_update', entityType: 'user', entityId: existing.id, before, after }],
          now,
        );
      }
      await identitiesRepo.touchIdentity(trx, issuer, subject, now);
      return { ...existing, role, displayName, email, organisationIds: orgs };
    }
    const wanted = loginFromClaims(claims, oidc.loginClaim);
    const taken = wanted ? await usersRepo.findUserByLogin(trx, wanted) : undefined;
    // A local account with the same name is not taken over: the new one gets a name of its own.
    const login = wanted && !taken ? wanted : `sso-${sha256(`${issuer} ${subject}`).slice(0, 12)}`;
    // Not an argon2 hash: no password opens this account (signin.service.ts).
    const fields = {
      login,
      displayName,
      email,
      passwordHash: '!sso',
      role: role as Role,
      mustChangePassword: 0,
    };
    const row = newUserRow(fields, actor, now);
    await insertUserAudited(trx, row, orgs, actor, now, { issuer, subject });
    await identitiesRepo.insertIdentity(trx, {
      issuer,
      subject,
      userId: row.id,
      createdAt: now,
      lastLoginAt: now,
    });
    return { ...row, organisationIds: orgs };
  });
}
