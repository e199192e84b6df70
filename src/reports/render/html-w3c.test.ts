/**
 * The HTML report passes the W3C Nu HTML Checker (vnu.jar, run with the machine's Java):
 * no error in either language. Chart markup once carried the chart library's own
 * `ecmeta_*` attributes, which the checker refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrategyTree } from '../../domain/views.ts';
import type { TestDb } from '../../../test/helpers/db.ts';
import { sampleTree } from '../../../test/helpers/reports.ts';
import { checkHtml as check } from '../../../test/helpers/vnu.ts';
import { buildReportDocument } from '../document.ts';
import { renderHtml } from './html.ts';

describe('HTML report in the W3C checker', () => {
  let db: TestDb;
  let tree: StrategyTree;
  beforeAll(async () => {
    ({ db, tree } = await sampleTree('sqlite'));
  });
  afterAll(() => db.destroy());

  it('has no error in either language, and the check finds one it should', () => {
    const ja = renderHtml(buildReportDocument({ tree, lang: 'ja' }));
    const en = renderHtml(buildReportDocument({ tree, lang: 'en' }));
    const bad = ja.replace('<svg ', '<svg ecmeta_x="1" ');
    const result = check({ ja, en, bad });
    expect(result.ja).toEqual([]);
    expect(result.en).toEqual([]);
    expect(result.bad!.join('\n')).toContain('ecmeta_x');
  }, 90_000);
});
