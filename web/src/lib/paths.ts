/**
 * The app's URLs, in one place. Japanese pages live at the root, English ones under /en
 * (see localPath); every page of a follow-up names its cycle, so links stay valid when a
 * newer cycle is published.
 */
const s = encodeURIComponent;

export const paths = {
  home: () => '/',
  strategy: (strategyId: string) => `/strategies/${s(strategyId)}`,
  dashboard: (strategyId: string, cycleId: string) => `/strategies/${s(strategyId)}/cycles/${s(cycleId)}`,
  tree: (strategyId: string, cycleId: string) => `${paths.dashboard(strategyId, cycleId)}/tree`,
  node: (strategyId: string, cycleId: string, nodeId: string) =>
    `${paths.dashboard(strategyId, cycleId)}/nodes/${s(nodeId)}`,
  organisation: (strategyId: string, cycleId: string, organisationId: string) =>
    `${paths.dashboard(strategyId, cycleId)}/organisations/${s(organisationId)}`,
  downloads: (strategyId: string, cycleId: string) => `${paths.dashboard(strategyId, cycleId)}/downloads`,
  /** Compares the cycle with an earlier one (`from`, by default the previous cycle). */
  compare: (strategyId: string, cycleId: string, from?: string) =>
    `${paths.dashboard(strategyId, cycleId)}/compare${from ? `?from=${s(from)}` : ''}`,
  initiative: (initiativeId: string) => `/initiatives/${s(initiativeId)}`,
  indicator: (indicatorId: string) => `/indicators/${s(indicatorId)}`,
  portfolio: () => '/portfolio',
  portfolioMinistry: (organisationId: string) => `/portfolio/ministries/${s(organisationId)}`,
};
