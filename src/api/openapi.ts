/**
 * OpenAPI 3.1 document generated from the route table's zod schemas.
 */
import { z } from 'zod';
import type { RouteDef } from './route.ts';

type JsonSchema = Record<string, unknown>;

const ErrorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({ id: 'Error' });

export function buildOpenApi(routes: readonly RouteDef[], version: string): JsonSchema {
  const schemas: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const toSchema = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const raw = z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' });
    // Schemas with a meta id land in $defs; OpenAPI keeps them under components.
    const json = JSON.parse(
      JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, def] of Object.entries(json.$defs ?? {})) schemas[id] = def;
    delete json.$defs;
    delete json.$schema;
    return json;
  };
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
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
    const ok = route.response
      ? { description: 'OK', content: { 'application/json': { schema: toSchema(route.response, 'output') } } }
      : {
          description: 'OK',
          content: Object.fromEntries((route.produces ?? ['application/octet-stream']).map((t) => [t, {}])),
        };
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: route.tags,
      parameters,
      responses: {
        ...(route.redirects ? { 302: { description: 'Redirect' } } : { 200: ok }),
        400: errorResponse('Malformed parameter or body'),
        404: errorResponse('Unknown id, or not visible to the caller'),
      },
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      };
    }
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  schemas.Error = toSchema(ErrorSchema, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'shinchoku API',
      version,
      description:
        'Follow-up of national strategies: structure, progress (主な進捗), assessments (概況), KPIs.',
    },
    paths,
    components: { schemas },
  };
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}
