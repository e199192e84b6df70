/**
 * OpenAPI 3.1 document generated from the route table: schemas from its zod declarations,
 * statuses, security and operationIds derived from the same declarations (openapi-operation.ts).
 * `redocly lint` checks it (test/contract/lint.test.ts) and every documented operation's
 * answers are validated against it (test/contract/responses.test.ts).
 */
import { z } from 'zod';
import { ErrorSchema } from './errors.ts';
import {
  ERROR_RESPONSES,
  operationIdOf,
  responseStatuses,
  SECURITY_SCHEMES,
  securityOf,
} from './openapi-operation.ts';
import type { RouteDef } from './route.ts';

type JsonSchema = Record<string, unknown>;

/** A file in a request or response body (typed as a Blob in the web app's client). */
const FILE: JsonSchema = { type: 'string', format: 'binary' };

/** What each tag groups; a route with a tag missing here fails the lint (tag-description). */
const TAGS: Record<string, string> = {
  accounts: 'User accounts and API tokens',
  audit: 'The append-only audit trail',
  budget:
    "Budget beside results: the administrative project review's (行政事業レビュー) budget and execution per project, linked to initiatives and rolled up",
  auth: 'Logging in and out; the current session',
  embed:
    "Widgets for other sites: a target's status card and an indicator's chart as pages any site may frame, and /embed.js",
  indicators: 'Indicators (KPI) and their figures',
  initiatives: 'Initiatives (施策)',
  insight: "The secretariat's aids: suggested statuses, overlaps, year-to-year differences, projections",
  organisations: 'Ministries and agencies (府省)',
  'open data':
    'For data portals and search engines: the DCAT catalogue, schemas, CSVW metadata, robots.txt and the sitemap',
  portfolio: "The government's strategies side by side: their latest published cycles, per ministry",
  reports: 'Progress reports and open data, in every format',
  search: 'Full-text search',
  strategies: 'Strategies, their follow-up cycles and trees',
  structure: "Editing a strategy's structure: nodes, initiatives, organisations, indicators",
  survey: 'Survey sheets (調査票): download and upload',
  system: 'The server itself',
  workflow: 'Progress entries (主な進捗), review, assessments (概況), cycles and their publication',
};

export interface OpenApiOptions {
  /** The base URL the API is served from; relative ('/') unless the public URL is known. */
  serverUrl?: string;
}

export function buildOpenApi(
  routes: readonly RouteDef[],
  version: string,
  options: OpenApiOptions = {},
): JsonSchema {
  const schemas: Record<string, JsonSchema> = {};
  const toSchema = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const raw = z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' });
    // Schemas with a meta id land in $defs; OpenAPI keeps them under components.
    const json = JSON.parse(
      JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, def] of Object.entries(json.$defs ?? {})) {
      const known = schemas[id];
      if (known && JSON.stringify(known) !== JSON.stringify(def)) {
        throw new Error(`schema ${id} reads differently as ${io}: give one of its uses another meta id`);
      }
      schemas[id] = def;
    }
    delete json.$defs;
    delete json.$schema;
    return json;
  };
  // The error body has a meta id: converting it registers it under components.
  toSchema(ErrorSchema, 'output');

  const errorResponses = new Map<number, { name: string; description: string }>();
  const errorRef = (route: RouteDef, status: number) => {
    const known = ERROR_RESPONSES[status];
    if (!known) throw new Error(`${route.method} ${route.url}: status ${status} has no description`);
    errorResponses.set(status, known);
    return { $ref: `#/components/responses/${known.name}` };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  // A route that only redirects a browser (single sign-on's start and return) is a page
  // navigation, not an operation a client calls: it has no answer to describe.
  for (const route of routes.filter((r) => !r.redirects)) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const requestBody = requestBodyOf(route, toSchema);
    const operation: Record<string, unknown> = {
      operationId: operationIdOf(route),
      summary: route.summary,
      tags: route.tags,
      security: securityOf(route),
      parameters: parametersOf(route, toSchema),
      ...(requestBody && { requestBody }),
      responses: responsesOf(route, toSchema, errorRef),
    };
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  const tags = [...new Set(routes.flatMap((r) => r.tags))]
    .sort()
    .map((name) => ({ name, ...(TAGS[name] !== undefined && { description: TAGS[name] }) }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'shinchoku API',
      version,
      description:
        'Follow-up of national strategies: structure, progress (主な進捗), assessments (概況), KPIs. ' +
        'Errors are {"error":{"code","message","details"}}; writes name the version they were based on.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: options.serverUrl ?? '/', description: 'This server' }],
    tags,
    paths,
    components: {
      schemas,
      responses: Object.fromEntries(
        [...errorResponses]
          .sort(([a], [b]) => a - b)
          .map(([, known]) => [
            known.name,
            {
              description: known.description,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          ]),
      ),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

type ToSchema = (s: z.ZodType, io: 'input' | 'output') => JsonSchema;

function parametersOf(route: RouteDef, toSchema: ToSchema): unknown[] {
  const parameters: unknown[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      parameters.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: prop,
      });
    }
  }
  if (route.etag) {
    parameters.push({
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'The ETag of a copy the caller holds; answered 304 while it is current.',
      schema: { type: 'string' },
    });
  }
  return parameters;
}

function requestBodyOf(route: RouteDef, toSchema: ToSchema): JsonSchema | undefined {
  if (route.consumes) {
    return { required: true, content: Object.fromEntries(route.consumes.map((t) => [t, { schema: FILE }])) };
  }
  if (!route.body) return undefined;
  return { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } };
}

function responsesOf(
  route: RouteDef,
  toSchema: ToSchema,
  errorRef: (route: RouteDef, status: number) => unknown,
): Record<number, unknown> {
  const ok = route.response
    ? { 'application/json': { schema: toSchema(route.response, 'output') } }
    : Object.fromEntries((route.produces ?? ['application/octet-stream']).map((t) => [t, { schema: FILE }]));
  const responses: Record<number, unknown> = {};
  for (const status of responseStatuses(route)) {
    if (status === 200) {
      responses[status] = {
        description: 'OK',
        ...(route.etag && {
          headers: {
            ETag: { description: 'Send it back in If-None-Match to revalidate', schema: { type: 'string' } },
          },
        }),
        content: ok,
      };
    } else if (status === 302) {
      responses[status] = {
        description: 'Redirect: the browser goes on to the Location given',
        headers: { Location: { description: 'Where the browser goes next', schema: { type: 'string' } } },
      };
    } else if (status === 304) {
      responses[status] = { description: 'Not modified: the copy named in If-None-Match is current' };
    } else {
      responses[status] = errorRef(route, status);
    }
  }
  return responses;
}
