/**
 * The server reads a search query up to this many UTF-16 units (MAX_QUERY_LENGTH in
 * src/domain/search/query.ts; limits.test.ts keeps the two equal). Repeated here so that the
 * header's search box does not pull the tokenizer into the first load.
 */
export const MAX_QUERY_LENGTH = 1000;

/**
 * The keywords a search form sent (its field `q`), trimmed and cut to what the server reads,
 * so that the URL stays short enough to reload and share.
 */
export const formQuery = (data: FormData): string =>
  String(data.get('q') ?? '')
    .trim()
    .slice(0, MAX_QUERY_LENGTH);
