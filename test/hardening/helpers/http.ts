/**
 * A small JSON client for a real server on loopback: session cookie and CSRF header on
 * every call, the status and the parsed body back, network failures as status 0.
 */
export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export class Client {
  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The same credentials against another server (no affinity between servers). */
  on(baseUrl: string): Client {
    return new Client(baseUrl, this.headers);
  }

  get<T = unknown>(path: string): Promise<Reply<T>> {
    return this.call<T>('GET', path);
  }

  put<T = unknown>(path: string, body: unknown): Promise<Reply<T>> {
    return this.call<T>('PUT', path, body);
  }

  post<T = unknown>(path: string, body: unknown = {}): Promise<Reply<T>> {
    return this.call<T>('POST', path, body);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...this.headers,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed as T };
    } catch {
      return { status: 0, body: undefined as T };
    }
  }
}

/** Logs in through the API; returns a client that carries the session cookie and CSRF token. */
export async function login(baseUrl: string, loginName: string, password: string): Promise<Client> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: loginName, password }),
  });
  if (res.status !== 200) throw new Error(`login ${loginName}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return new Client(baseUrl, { cookie, 'x-csrf-token': csrfToken });
}
