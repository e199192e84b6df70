/**
 * The server reads a search query up to this many UTF-16 units (MAX_QUERY_LENGTH in
 * src/domain/search/query.ts; limits.test.ts keeps the two equal). Repeated here so that the
 * header's search box does not pull the tokenizer into the first load.
 */
export const MAX_QUERY_LENGTH = 1000;
