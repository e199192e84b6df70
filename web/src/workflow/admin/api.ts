/**
 * The administrators' API calls: structure, organisations, cycles. Every write that changes an existing record sends the version it was
 * based on; a 409 then carries the current record in `details.current`.
 */
import type {
  Cycle,
  Indicator,
  Initiative,
  Organisation,
  Strategy,
  StrategyNode,
} from '../../../../src/domain/model.ts';
import type { StrategyListItem } from '../../../../src/domain/views.ts';
import type { IndicatorInput, InitiativeInput, OrganisationInput } from '../../../../src/domain/inputs.ts';

export type { IndicatorInput, InitiativeInput, OrganisationInput };
import { request } from '../client.ts';

const seg = encodeURIComponent;

export interface NodeInput {
  title: string;
  titleEn: string;
  code: string;
}

export const admin = {
  strategy: (id: string) => request<StrategyListItem>('GET', `/api/strategies/${seg(id)}`),
  createStrategy: (input: { id?: string; title: string; titleEn: string }) =>
    request<Strategy>('POST', '/api/strategies', input),
  updateStrategy: (id: string, version: number, input: { title: string; titleEn: string }) =>
    request<Strategy>('PATCH', `/api/strategies/${seg(id)}`, { version, ...input }),
  nodes: (strategyId: string) =>
    request<{ nodes: StrategyNode[] }>('GET', `/api/strategies/${seg(strategyId)}/nodes`).then(
      (r) => r.nodes,
    ),
  createNode: (strategyId: string, parentId: string | null, input: NodeInput) =>
    request<StrategyNode>('POST', `/api/strategies/${seg(strategyId)}/nodes`, { parentId, ...input }),
  updateNode: (id: string, version: number, input: NodeInput) =>
    request<StrategyNode>('PATCH', `/api/nodes/${seg(id)}`, { version, ...input }),
  moveNode: (id: string, version: number, parentId: string | null, position: number) =>
    request<StrategyNode>('POST', `/api/nodes/${seg(id)}/move`, { version, parentId, position }),
  initiatives: (strategyId: string) =>
    request<{ initiatives: Initiative[] }>('GET', `/api/initiatives?strategy=${seg(strategyId)}`).then(
      (r) => r.initiatives,
    ),
  saveInitiative: (strategyId: string, id: string | null, version: number | null, input: InitiativeInput) =>
    id === null
      ? request<Initiative>('POST', `/api/strategies/${seg(strategyId)}/initiatives`, input)
      : request<Initiative>('PUT', `/api/strategies/${seg(strategyId)}/initiatives/${seg(id)}`, {
          version,
          ...input,
        }),
  organisations: () =>
    request<{ organisations: Organisation[] }>('GET', '/api/organisations').then((r) => r.organisations),
  saveOrganisation: (id: string | null, version: number | null, input: OrganisationInput) =>
    id === null
      ? request<Organisation>('POST', '/api/organisations', input)
      : request<Organisation>('PUT', `/api/organisations/${seg(id)}`, { version, ...input }),
  indicators: (strategyId: string) =>
    request<{ indicators: Indicator[] }>('GET', `/api/strategies/${seg(strategyId)}/indicators`).then(
      (r) => r.indicators,
    ),
  saveIndicator: (strategyId: string, id: string | null, version: number | null, input: IndicatorInput) =>
    id === null
      ? request<Indicator>('POST', `/api/strategies/${seg(strategyId)}/indicators`, input)
      : request<Indicator>('PUT', `/api/strategies/${seg(strategyId)}/indicators/${seg(id)}`, {
          version,
          ...input,
        }),
  createCycle: (strategyId: string, input: { fiscalYear: number; asOf: string; deadline: string | null }) =>
    request<Cycle>('POST', `/api/strategies/${seg(strategyId)}/cycles`, input),
  openCycle: (cycleId: string, version: number) =>
    request<Cycle>('POST', `/api/cycles/${seg(cycleId)}/open`, { version }),
};
