/**
 * The one-statement frame a search document is built around gives the same rows, typed
 * alike, as the separate reads it replaces, on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDb } from '../../../test/helpers/db.ts';
import { sampleDb } from '../../../test/helpers/sample.ts';
import { listNodes, listNodesAround } from './nodes.repository.ts';
import { listOrganisations } from './organisations.repository.ts';
import { findStrategy, findStrategyFrame } from './strategies.repository.ts';

for (const engine of ENGINES) {
  describe(`findStrategyFrame on ${engine}`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await sampleDb(engine);
    });
    afterAll(async () => {
      await db.destroy();
    });

    it('reads the strategy, every organisation and the nodes around some nodes in one go', async () => {
      // 1.1.1 is shown a second time under pillar 2 (a mirror): both places and their ancestors
      const frame = await findStrategyFrame(db.kysely, 'ai2022', ['ai2022-p1-g1-t1']);
      expect(frame?.nodes.map((n) => n.id).sort()).toEqual(
        [
          'ai2022-p1',
          'ai2022-p1-g1',
          'ai2022-p1-g1-t1',
          'ai2022-p2',
          'ai2022-p2-g2',
          'ai2022-p2-g2-t1',
        ].sort(),
      );
      expect(frame?.nodes).toEqual(await listNodesAround(db.kysely, 'ai2022', ['ai2022-p1-g1-t1']));
      expect(frame?.strategy).toEqual(await findStrategy(db.kysely, 'ai2022'));
      const organisations = await listOrganisations(db.kysely);
      expect(organisations.some((o) => o.aliases.length > 0)).toBe(true);
      expect(frame?.organisations).toEqual(organisations);
    });

    it('reads every node without node ids, none with an empty list, nothing for an unknown strategy', async () => {
      const all = await findStrategyFrame(db.kysely, 'ai2022');
      expect(all?.nodes).toEqual(await listNodes(db.kysely, 'ai2022'));
      expect(all?.nodes).toHaveLength(31);
      expect((await findStrategyFrame(db.kysely, 'ai2022', []))?.nodes).toEqual([]);
      expect(await findStrategyFrame(db.kysely, 'nope')).toBeUndefined();
    });
  });
}
