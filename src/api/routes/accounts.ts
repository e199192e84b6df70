import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '../../domain/access.ts';
import { AppError } from '../../domain/errors.ts';
import * as admin from '../../services/account-admin.service.ts';
import * as accounts from '../../services/accounts.service.ts';
import { defineRoute, IdParam, principalOf } from '../route.ts';
import { defined } from '../../domain/defined.ts';

const tags = ['accounts'];

const PublicUser = z
  .object({
    id: z.string(),
    login: z.string(),
    displayName: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    organisationIds: z.array(z.string()),
    disabled: z.boolean(),
    lastLoginAt: z.string().nullable(),
    mustChangePassword: z.boolean(),
    version: z.number(),
  })
  .meta({ id: 'User' });

/** An account as the accounts screen lists it: with its organisations' names. */
const Account = PublicUser.extend({
  organisations: z.array(
    z.object({ id: z.string(), shortName: z.string(), nameJa: z.string(), nameEn: z.string() }),
  ),
}).meta({ id: 'Account' });

const Login = z.object({ login: z.string().min(1).max(100) });

const AccountFields = z.object({
  displayName: z.string().max(200).default(''),
  email: z.string().max(320).default(''),
  role: z.enum(ROLES),
  organisationIds: z.array(IdParam).max(50).default([]),
});

const CsvProblem = z.object({
  line: z.number().optional(),
  column: z.string().optional(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const accountRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/users',
    summary: 'Every account',
    tags,
    access: 'user:manage',
    response: z.object({ users: z.array(Account) }),
    handler: async (ctx) => ({ users: await admin.listAccounts(ctx.db) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    summary:
      'Create an account: with the password given, or (without one) with a temporary password made here, answered once and to be changed at the first sign-in',
    tags,
    access: 'user:manage',
    body: AccountFields.extend({
      login: z.string().min(1).max(100),
      password: z.string().min(1).max(1024).optional(),
    }),
    // the login is taken (with a password given; 400 at the login field otherwise)
    errors: [409],
    response: Account.extend({ temporaryPassword: z.string().optional() }),
    handler: async (ctx) => {
      const { password, ...fields } = ctx.body;
      if (password === undefined) return admin.createAccount(ctx.db, fields, ctx.actor);
      await accounts.createUser(ctx.db, { ...fields, password }, ctx.actor);
      const created = (await admin.listAccounts(ctx.db)).find((a) => a.login === fields.login);
      return defined(created, `the account ${fields.login} just created`);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/users/:login',
    summary:
      'Change an account’s name, role, organisations and e-mail address (409 with the account as it now is)',
    tags,
    access: 'user:manage',
    params: Login,
    body: AccountFields.extend({ version: z.number().int() }),
    // a stale version, or the last enabled administrator would be demoted
    errors: [409],
    response: Account,
    handler: async (ctx) => {
      const { version, ...fields } = ctx.body;
      return admin.updateAccount(ctx.db, ctx.params.login, version, fields, ctx.actor);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:login/password-reset',
    summary:
      'Give an account a new temporary password (answered once; changed at the next sign-in) and end its sessions',
    tags,
    access: 'user:manage',
    params: Login,
    response: z.object({ login: z.string(), temporaryPassword: z.string() }),
    handler: async (ctx) => admin.resetPassword(ctx.db, ctx.params.login, ctx.actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/import',
    summary:
      'Create accounts from CSV (login, name, role, organisations, email): a preview with every problem at its line (dryRun), or all accounts at once with their temporary passwords — none when any line has a problem (400)',
    tags,
    access: 'user:manage',
    body: z.object({ csv: z.string().min(1).max(500_000), dryRun: z.boolean().default(true) }),
    response: z.object({
      rows: z.array(
        z.object({
          line: z.number(),
          login: z.string(),
          displayName: z.string(),
          role: z.enum(ROLES).nullable(),
          organisations: z.array(z.object({ id: z.string(), nameJa: z.string() })),
          email: z.string(),
          temporaryPassword: z.string().optional(),
        }),
      ),
      problems: z.array(CsvProblem),
      created: z.boolean(),
    }),
    handler: async (ctx) =>
      admin.importAccounts(ctx.db, ctx.body.csv, { dryRun: ctx.body.dryRun }, ctx.actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:login/disable',
    summary: 'Disable or re-enable an account (disabling ends its sessions and revokes its tokens for good)',
    tags,
    access: 'user:manage',
    params: Login,
    body: z.object({ disabled: z.boolean() }),
    // the last enabled administrator
    errors: [409],
    response: z.object({ ok: z.literal(true) }),
    handler: async (ctx) => {
      await accounts.setDisabled(ctx.db, ctx.params.login, ctx.body.disabled, ctx.actor);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/tokens',
    summary: 'Create an API token for myself (shown once); it expires after TOKEN_TTL_DAYS or sooner',
    tags,
    access: 'token:manage',
    body: z.object({
      name: z.string().min(1).max(200),
      scopes: z.array(z.enum(Object.keys(TOKEN_SCOPES) as [string, ...string[]])).min(1),
      expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
    }),
    response: z.object({ id: z.string(), token: z.string(), expiresAt: z.string() }),
    handler: async (ctx) => {
      const me = principalOf(ctx);
      if (me.via === 'token') throw new AppError('forbidden', 'a token cannot create tokens');
      return accounts.createToken(ctx.db, me.login, ctx.body.name, ctx.body.scopes, ctx.actor, {
        expiresAt: ctx.body.expiresAt,
        ttlDays: ctx.auth.tokenTtlDays,
      });
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/tokens/:tokenId',
    summary: 'Revoke an API token: my own (a session or an admin-scoped token), or anyone’s with user:manage',
    tags,
    access: 'token:manage',
    params: z.object({ tokenId: IdParam }),
    response: z.object({ ok: z.literal(true) }),
    handler: async (ctx) => {
      await accounts.revokeTokenAs(ctx.db, ctx.params.tokenId, principalOf(ctx), ctx.actor);
      return { ok: true as const };
    },
  }),
];
