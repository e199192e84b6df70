/** The filters of a search as the API's query and the CLI's options name them. */
export interface NamedFilters {
  strategy?: string | undefined;
  cycle?: string | undefined;
  organisation?: string | undefined;
  node?: string | undefined;
  stage?: string | undefined;
  rating?: string | undefined;
}

/** The filters as the search takes them. */
export interface SearchFilter {
  strategyId?: string;
  cycleId?: string;
  organisationId?: string;
  nodeId?: string;
  stage?: string;
  rating?: string;
}

/**
 * The filters given, under the names the search takes.
 *
 * @example searchFilters({ strategy: 'ai2022', node: undefined }) // { strategyId: 'ai2022' }
 */
export function searchFilters(o: NamedFilters): SearchFilter {
  return {
    ...(o.strategy !== undefined && { strategyId: o.strategy }),
    ...(o.cycle !== undefined && { cycleId: o.cycle }),
    ...(o.organisation !== undefined && { organisationId: o.organisation }),
    ...(o.node !== undefined && { nodeId: o.node }),
    ...(o.stage !== undefined && { stage: o.stage }),
    ...(o.rating !== undefined && { rating: o.rating }),
  };
}
