/**
 * `engines` is true to the dependency tree: every package `npm ci --omit=dev` installs runs on
 * every Node version the project's own `engines` allows (a dependency that wants Node 22
 * would install on Node 20 with a warning and then fail at run time).
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.ts';

type LockEntry = { version?: string; dev?: boolean; engines?: { node?: string } | string[] };

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/**
 * Whether `theirs` allows every version `ours` does. `semver.subset` compares a range with
 * each alternative of the other separately, so `>=22 <27` is not a subset of `22.x || … || 26.x`;
 * cutting ours at each major first makes the comparison exact (majors up to 40 are enough).
 */
function covers(theirs: string, ours: string): boolean {
  return new semver.Range(ours).set.every((comparators) =>
    Array.from({ length: 41 }, (_, major) => major).every((major) => {
      const part = `${comparators.map(String).join(' ')} >=${major}.0.0 <${major + 1}.0.0-0`;
      return semver.minVersion(part) === null || semver.subset(part, theirs);
    }),
  );
}

/** Production packages whose declared Node range does not cover all of ours. */
function narrowerThan(ours: string, packages: Record<string, LockEntry>): string[] {
  return Object.entries(packages)
    .filter(([key, entry]) => key !== '' && !entry.dev)
    .flatMap(([key, entry]) => {
      const theirs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!theirs || covers(theirs, ours)) return [];
      return [`${key.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} wants node ${theirs}`];
    });
}

describe('engines', () => {
  it('every production dependency runs on every Node version package.json allows', () => {
    expect(semver.validRange(manifest.engines.node)).not.toBeNull();
    expect(narrowerThan(manifest.engines.node, lock.packages)).toEqual([]);
  });

  it('names a dependency that needs a newer Node than ours', () => {
    const packages = {
      'node_modules/cookie': { version: '2.0.2', engines: { node: '>=22' } },
      'node_modules/dev-only': { version: '1.0.0', dev: true, engines: { node: '>=24' } },
      'node_modules/fine': { version: '1.0.0', engines: { node: '>=18' } },
      'node_modules/by-major': {
        version: '1.0.0',
        engines: { node: '20.x || 22.x || 23.x || 24.x || 25.x || 26.x' },
      },
    };
    expect(narrowerThan(manifest.engines.node, packages)).toEqual(['cookie@2.0.2 wants node >=22']);
  });
});
