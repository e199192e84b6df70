import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '../../domain/access.ts';
import { AppError } from '../../domain/errors.ts';
import * as accounts from '../../services/accounts.service.ts';
import { defineRoute, IdParam, principalOf } from '../route.ts';

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
    version: z.number(),
  })
  .meta({ id: 'User' });

export const accountRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/users',
    summary: 'Every account',
    tags,
    access: 'user:manage',
    response: z.object({ users: z.array(PublicUser) }),
    handler: async (ctx) => ({ users: await accounts.listUsers(ctx.db) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    summary: 'Create an account',
    tags,
    access: 'user:manage',
    body: z.object({
      login: z.string().min(2).max(100),
      displayName: z.string().max(200).default(''),
      email: z.string().max(320).default(''),
      password: z.string().min(1).max(1024),
      role: z.enum(ROLES),
      organisationIds: z.array(IdParam).max(50).default([]),
    }),
    // the login is taken
    errors: [409],
    response: PublicUser,
    handler: async (ctx) => accounts.createUser(ctx.db, ctx.body, ctx.actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users/:login/disable',
    summary: 'Disable or re-enable an account (disabling ends its sessions and revokes its tokens for good)',
    tags,
    access: 'user:manage',
    params: z.object({ login: z.string().min(1).max(100) }),
    body: z.object({ disabled: z.boolean() }),
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
