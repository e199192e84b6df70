/**
 * A real OpenID Connect provider for the tests (oidc-provider 9, in this process, on a free
 * port): one confidential client using the authorization code flow with PKCE (S256), RS256
 * ID tokens, and a minimal sign-in page of its own — a login-name form (the account list is
 * the test's; no password) — with consent granted at once. Claims are what the test puts in
 * `accounts`; `amr` too, as a provider that did or did not ask for a second factor.
 */
import { generateKeyPairSync } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface IdpAccount {
  sub: string;
  claims: Record<string, unknown>;
  amr?: string[];
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** By the login name typed into the provider's form. */
  accounts: Map<string, IdpAccount>;
  /** The paths asked for, in order (e.g. `/token`, `/me` for userinfo). */
  requests: string[];
  close(): Promise<void>;
}

export interface IdpOptions {
  redirectUris: string[];
  /** false: every claim in the ID token, as Entra ID sends roles; true: the rest via userinfo. */
  conformIdTokenClaims?: boolean;
}

const page = (uid: string, error = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="idp-login">Organisation account</label> <input id="idp-login" name="login" autocomplete="username">
<button type="submit">Sign in at the provider</button>
</form></main></body></html>`;

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return new URLSearchParams(text);
}

export async function startIdp(opts: IdpOptions): Promise<TestIdp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, IdpAccount>();
  const bySub = (sub: string) => [...accounts.values()].find((a) => a.sub === sub);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientId = 'shinchoku';
  const clientSecret = 'a client secret for the tests only';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['cookie key for the tests only'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    claims: {
      // `amr` with `openid`: in every ID token, as providers report how the user signed in.
      openid: ['sub', 'amr'],
      profile: ['name', 'preferred_username', 'roles', 'ministry'],
      email: ['email'],
    },
    conformIdTokenClaims: opts.conformIdTokenClaims ?? true,
    findAccount: (_ctx: unknown, sub: string) => {
      const account = bySub(sub);
      return account && { accountId: sub, claims: () => ({ sub, ...account.claims }) };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: {
      Interaction: 600,
      Session: 600,
      Grant: 600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
  });
  const handle = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, submitted: boolean) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!submitted) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(page(uid));
        return;
      }
      const login = (await formBody(req)).get('login') ?? '';
      const account = accounts.get(login);
      if (!account) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(page(uid, 'unknown account'));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.sub, amr: account.amr ?? ['pwd'] } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    // Consent: granted for whatever the client asked.
    const grant = new provider.Grant({
      accountId: details.session!.accountId,
      clientId: String(details.params.client_id),
    });
    grant.addOIDCScope(String(details.params.scope));
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant.save() } },
      {
        mergeWithLastSubmission: true,
      },
    );
  }

  const requests: string[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    requests.push((req.url ?? '').split('?')[0]!);
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
    if (!match) return handle(req, res);
    interaction(req, res, match[1]!, req.method === 'POST' && match[2] === '/login').catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser's cookie jar and redirect-following, for one host, over fetch. */
export class IdpBrowser {
  private readonly jar = new Map<string, string>();

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(init.form && { body: new URLSearchParams(init.form).toString() }),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const i = pair.indexOf('=');
      this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  /**
   * Follows the provider's redirects from `authorizeUrl`, signing in as `login` on its form,
   * until it sends the browser to `redirectUri`; returns that URL (code, state, iss).
   */
  async signIn(authorizeUrl: string, login: string, redirectUri: string): Promise<URL> {
    let res = await this.go(authorizeUrl);
    for (let hops = 0; hops < 12; hops++) {
      if (res.status === 200) {
        const action = /action="([^"]+)"/.exec(await res.text())?.[1];
        if (!action) throw new Error('the provider answered a page without a form');
        res = await this.go(new URL(action, res.url || authorizeUrl).href, {
          method: 'POST',
          form: { login },
        });
        continue;
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
      const next = new URL(location, authorizeUrl);
      if (next.href.startsWith(redirectUri)) return next;
      res = await this.go(next.href);
    }
    throw new Error('too many redirects at the provider');
  }
}
