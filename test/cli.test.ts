import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ENGINES, TEST_DATABASE_URL, createTestDb, type TestDb } from './helpers/db.ts';
import { runCli } from './helpers/cli.ts';

// Each test spawns several real processes; on a busy two-core machine that takes a while.
vi.setConfig({ testTimeout: 180_000 });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shinchoku-cli-'));
const dbs: TestDb[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.destroy()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('shinchoku CLI: bad input gets one clear line and exit code 1', () => {
  it('rejects a malformed DATABASE_URL', async () => {
    const r = await runCli(['migrate'], { DATABASE_URL: 'mysql://localhost/x' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'shinchoku: DATABASE_URL has an unsupported scheme: mysql://localhost/x (use postgres:// or sqlite:PATH)',
    ]);
  });

  it('reports an unreachable PostgreSQL without a stack trace, hiding the password', async () => {
    const r = await runCli(['migrate'], { DATABASE_URL: 'postgres://me:secret@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^shinchoku: cannot connect to PostgreSQL at postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/none/,
    );
    expect(r.stderr).not.toContain('secret');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a port in use in one line', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runCli(['serve', '--no-sample'], {
        PORT: String(port),
        DATABASE_URL: `sqlite:${path.join(dir, 'port.db')}`,
      });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `shinchoku: port ${port} on 127.0.0.1 is already in use (set PORT to another port)`,
      );
    } finally {
      blocker.close();
    }
  });

  it('names the JSON path of an invalid import and writes nothing', async () => {
    const url = `sqlite:${path.join(dir, 'bad-import.db')}`;
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ format: 'shinchoku.strategy', formatVersion: 1, organisations: [] }),
    );
    const r = await runCli(['import', file], { DATABASE_URL: url });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('$.strategy');
    const list = await runCli(['export', '--strategy', 'ai2022'], { DATABASE_URL: url });
    expect(list.stderr.trim()).toBe('shinchoku: strategy not found: ai2022');
    fs.writeFileSync(file, '{not json');
    const broken = await runCli(['import', file], { DATABASE_URL: url });
    expect(broken.stderr).toMatch(/^shinchoku: .*bad\.json is not valid JSON/);
  });

  it('refuses a deeply nested file in import and restore: one line, exit 1, no stack trace', async () => {
    const url = `sqlite:${path.join(dir, 'deep.db')}`;
    const objects = path.join(dir, 'deep-objects.json');
    const arrays = path.join(dir, 'deep-arrays.json');
    fs.writeFileSync(objects, `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    fs.writeFileSync(
      arrays,
      `{"format":"shinchoku.backup","strategies":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    );
    const cases = [
      { args: ['import', objects], at: /at \$\.a\.a\.a.*…(\.a)+$/ },
      { args: ['restore', objects], at: /at \$\.a\.a\.a.*…(\.a)+$/ },
      { args: ['import', arrays], at: /at \$\.strategies\[0\]\[0\].*…(\[0\])+$/ },
      { args: ['restore', arrays], at: /at \$\.strategies\[0\]\[0\].*…(\[0\])+$/ },
    ];
    for (const c of cases) {
      const r = await runCli(c.args, { DATABASE_URL: url });
      expect(r.code, r.stderr).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^shinchoku: the file is nested more than 64 levels deep, at /);
      expect(lines[0]).toMatch(c.at);
      expect(lines[0]!.length).toBeLessThan(250);
    }
    // A file just within the limit is judged by its content, not refused for its depth.
    fs.writeFileSync(objects, `${'{"a":'.repeat(63)}1${'}'.repeat(63)}`);
    const shallow = await runCli(['import', objects], { DATABASE_URL: url });
    expect(shallow.code).toBe(1);
    expect(shallow.stderr).toMatch(/^shinchoku: the file does not match the strategy format/);
  });
});

for (const engine of ENGINES) {
  describe(`shinchoku CLI on ${engine}`, () => {
    it('seeds, exports, imports into an empty database and exports the same bytes', async () => {
      const [a, b] = await Promise.all([createTestDb(engine), createTestDb(engine)]);
      dbs.push(a, b);
      const seed = await runCli(['seed'], { DATABASE_URL: a.url });
      expect(seed.code, seed.stderr).toBe(0);
      expect(seed.stdout).toMatch(/loaded ai2022: .*29 initiatives/);
      const out = path.join(dir, `${engine}-export.json`);
      expect(
        (
          await runCli(['export', '--format', 'json', '--strategy', 'ai2022', '--out', out], {
            DATABASE_URL: a.url,
          })
        ).code,
      ).toBe(0);
      const imported = await runCli(['import', out], { DATABASE_URL: b.url });
      expect(imported.code, imported.stderr).toBe(0);
      const again = await runCli(['export', '--strategy', 'ai2022'], { DATABASE_URL: b.url });
      expect(again.stdout).toBe(fs.readFileSync(out, 'utf8'));
    });

    it('refuses text holding NUL in import and restore: one line naming where, exit 1, nothing written', async () => {
      const [a, b] = await Promise.all([createTestDb(engine), createTestDb(engine)]);
      dbs.push(a, b);
      await runCli(['seed'], { DATABASE_URL: a.url });
      const exported = path.join(dir, `${engine}-nul-export.json`);
      const backup = path.join(dir, `${engine}-nul-backup.json`);
      await runCli(['export', '--strategy', 'ai2022', '--out', exported], { DATABASE_URL: a.url });
      await runCli(['backup', backup], { DATABASE_URL: a.url });
      const poison = (file: string, at: (json: Record<string, unknown>) => { title: string }) => {
        const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
        at(json).title = 'AI\u0000戦略';
        fs.writeFileSync(file, JSON.stringify(json));
      };
      type WithNodes = { nodes: { title: string }[] };
      poison(exported, (j) => (j as unknown as WithNodes).nodes[1]!);
      poison(backup, (j) => (j as unknown as { strategies: WithNodes[] }).strategies[0]!.nodes[1]!);

      const imported = await runCli(['import', exported], { DATABASE_URL: b.url });
      expect(imported.code).toBe(1);
      expect(imported.stderr.trim().split('\n')).toEqual([
        'shinchoku: the file holds the NUL character (U+0000), which cannot be stored, at $.nodes[1].title',
      ]);
      const restored = await runCli(['restore', backup], { DATABASE_URL: b.url });
      expect(restored.code).toBe(1);
      expect(restored.stderr.trim().split('\n')).toEqual([
        'shinchoku: the file holds the NUL character (U+0000), which cannot be stored, at $.strategies[0].nodes[1].title',
      ]);
      const count = async (table: 'strategies' | 'nodes' | 'users') =>
        Number(
          (
            await b.kysely
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect([await count('strategies'), await count('nodes'), await count('users')]).toEqual([0, 0, 0]);
    });

    it('backs up and restores into an empty database', async () => {
      const [a, b] = await Promise.all([createTestDb(engine), createTestDb(engine)]);
      dbs.push(a, b);
      await runCli(['seed'], { DATABASE_URL: a.url });
      const file = path.join(dir, `${engine}-backup.json`);
      expect((await runCli(['backup', file], { DATABASE_URL: a.url })).code).toBe(0);
      const restored = await runCli(['restore', file], { DATABASE_URL: b.url });
      expect(restored.stdout.trim()).toBe('restored 1 strategies, 0 accounts');
      const [x, y] = await Promise.all([
        runCli(['export', '--strategy', 'ai2022'], { DATABASE_URL: a.url }),
        runCli(['export', '--strategy', 'ai2022'], { DATABASE_URL: b.url }),
      ]);
      expect(y.stdout).toBe(x.stdout);
      const twice = await runCli(['restore', file], { DATABASE_URL: b.url });
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(/restore needs an empty database/);
    });
  });
}

describe('CI configuration', () => {
  it('runs the PostgreSQL suite in CI', () => {
    if (process.env.CI === 'true') expect(TEST_DATABASE_URL).toMatch(/^postgres/);
  });
});
