import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH as SERVER } from '../../../src/domain/search/query.ts';
import { MAX_QUERY_LENGTH } from './limits.ts';

describe('the web app’s search limits', () => {
  it('cuts queries where the server does', () => {
    expect(MAX_QUERY_LENGTH).toBe(SERVER);
  });
});
