/**
 * Mixed load: ministry editors saving entries with versions while readers browse, against
 * the real server. Lost updates are counted from the database afterwards: every accepted
 * save must have raised its entry's version by exactly one.
 *
 * People pause: an editor's form autosaves 1.5 s after typing stops (web/src/workflow/
 * EntryPage.tsx), so an editor here saves, then waits EDITOR_PAUSE_MS; a reader reads a
 * page for READER_PAUSE_MS before the next. Without pauses 250 clients would saturate the
 * server and the write time would only measure the queue; how much the server can serve at
 * most is what the read-throughput section measures.
 *
 * Nor do people keep step: each client starts at a random moment of its first pause and
 * each pause lasts between half and one and a half times its mean (seeded, so every run
 * draws the same). Fixed pauses would keep all 250 clients in step, arriving as one burst
 * a second, and the last of each burst would wait for the 249 before it.
 */
const EDITOR_PAUSE_MS = 1_500;
const READER_PAUSE_MS = 1_000;
let seed = 0x5eed;
/** Uniform in [0, 1), from a fixed seed (a linear congruential generator). */
const draw = () => (seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
const pause = (mean: number) => new Promise((r) => setTimeout(r, mean * (0.5 + draw())));
const stagger = (mean: number) => new Promise((r) => setTimeout(r, mean * draw()));
import type { Db } from '../src/db/database.ts';
import { createToken, createUser } from '../src/services/accounts.service.ts';
import { percentile, round } from './lib/stats.ts';
import { ORGS } from './generate.ts';

export interface MixedResult {
  editors: number;
  readers: number;
  seconds: number;
  writes: number;
  conflicts: number;
  errors: number;
  reads: number;
  lostUpdates: number;
  writeP95Ms: number;
  readP95Ms: number;
}

export async function mixedLoad(
  db: Db,
  base: string,
  opts: {
    strategyId: string;
    cycleId: string;
    readPaths: string[];
    editors: number;
    readers: number;
    seconds: number;
  },
): Promise<MixedResult> {
  const actor = { id: 'bench', ip: '' };
  const stamp = Date.now().toString(36);
  const tokens: { token: string; org: string }[] = [];
  for (let i = 0; i < opts.editors; i++) {
    const org = ORGS[i % ORGS.length] ?? 'mic';
    const login = `bench-${stamp}-${i}`;
    await createUser(
      db,
      { login, displayName: login, password: 'benchmark password', role: 'editor', organisationIds: [org] },
      actor,
    );
    tokens.push({ token: (await createToken(db, login, 'bench', ['progress'], actor)).token, org });
  }
  const entries = await db.kysely
    .selectFrom('progressEntries')
    .innerJoin('initiativeOwners', 'initiativeOwners.initiativeId', 'progressEntries.initiativeId')
    .select(['progressEntries.id', 'progressEntries.version', 'initiativeOwners.organisationId'])
    .where('progressEntries.cycleId', '=', opts.cycleId)
    .where('progressEntries.reviewState', 'in', ['draft', 'returned'])
    .execute();
  const byOrg = new Map<string, string[]>();
  for (const e of entries) byOrg.set(e.organisationId, [...(byOrg.get(e.organisationId) ?? []), e.id]);
  // A few hot entries per ministry, so that editors of one ministry really collide.
  for (const [org, ids] of byOrg) byOrg.set(org, ids.slice(0, 5));
  const startVersions = new Map(entries.map((e) => [e.id, e.version]));

  const deadline = Date.now() + opts.seconds * 1000;
  const writeTimes: number[] = [];
  const readTimes: number[] = [];
  const accepted = new Map<string, number>();
  let conflicts = 0;
  let errors = 0;

  const editor = async (token: string, org: string, n: number) => {
    const ids = byOrg.get(org) ?? [];
    let i = n;
    await stagger(EDITOR_PAUSE_MS);
    while (Date.now() < deadline && ids.length > 0) {
      const id = ids[i++ % ids.length];
      if (id === undefined) break;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const got = await fetch(`${base}/api/entries/${id}`, { headers });
      if (!got.ok) {
        errors += 1;
        continue;
      }
      const { entry } = (await got.json()) as { entry: { version: number } };
      const start = performance.now();
      const res = await fetch(`${base}/api/entries/${id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ version: entry.version, text: `負荷試験の保存 ${n}-${i}`, stage: null }),
      });
      writeTimes.push(performance.now() - start);
      await res.arrayBuffer();
      if (res.status === 200) accepted.set(id, (accepted.get(id) ?? 0) + 1);
      else if (res.status === 409) conflicts += 1;
      else errors += 1;
      await pause(EDITOR_PAUSE_MS);
    }
  };
  const reader = async (n: number) => {
    let i = n;
    await stagger(READER_PAUSE_MS);
    while (Date.now() < deadline) {
      const start = performance.now();
      const res = await fetch(`${base}${opts.readPaths[i++ % opts.readPaths.length]}`);
      await res.arrayBuffer();
      readTimes.push(performance.now() - start);
      if (res.status !== 200) errors += 1;
      await pause(READER_PAUSE_MS);
    }
  };
  await Promise.all([
    ...tokens.map((t, n) => editor(t.token, t.org, n)),
    ...Array.from({ length: opts.readers }, (_, n) => reader(n)),
  ]);

  const finals = await db.kysely
    .selectFrom('progressEntries')
    .select(['id', 'version'])
    .where('id', 'in', [...accepted.keys()].length ? [...accepted.keys()] : ['-'])
    .execute();
  let lostUpdates = 0;
  for (const row of finals)
    lostUpdates += Math.abs((accepted.get(row.id) ?? 0) - (row.version - (startVersions.get(row.id) ?? 1)));
  return {
    editors: opts.editors,
    readers: opts.readers,
    seconds: opts.seconds,
    writes: writeTimes.length,
    conflicts,
    errors,
    reads: readTimes.length,
    lostUpdates,
    writeP95Ms: round(percentile(writeTimes, 0.95)),
    readP95Ms: round(percentile(readTimes, 0.95)),
  };
}
