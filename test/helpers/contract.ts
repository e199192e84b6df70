/**
 * Checks an answer of the API against the OpenAPI document: its status must be one the
 * operation declares, its content type one declared for that status, and a JSON body must
 * match the declared schema (Ajv, JSON Schema 2020-12, formats checked).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';

type Json = Record<string, unknown>;

interface MediaType {
  schema?: Json;
}
interface Response {
  description: string;
  content?: Record<string, MediaType>;
}

export interface Problem {
  operation: string;
  who: string;
  status: number;
  message: string;
}

const CONTRACT = 'https://shinchoku.invalid/contract';

/** Points the document's component references at the one schema resource holding them all. */
const relink = <T>(schema: T): T =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${CONTRACT}#/$defs/`)) as T;

export class ContractChecker {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Json) {
    // ajv-formats is CommonJS: its plugin is the default export's default.
    formats.default(this.ajv);
    // OpenAPI's own format for files: nothing to check in a JSON value.
    this.ajv.addFormat('binary', true);
    const components = doc.components as { schemas: Record<string, Json> };
    this.ajv.addSchema({ $id: CONTRACT, $defs: relink(components.schemas) });
  }

  /** The operation of the document for a route of the route table (method + Fastify path). */
  operation(method: string, url: string): Json | undefined {
    const path = url.replace(/:([A-Za-z]+)/g, '{$1}');
    const paths = this.doc.paths as Record<string, Record<string, Json>>;
    return paths[path]?.[method.toLowerCase()];
  }

  operationCount(): number {
    return Object.values(this.doc.paths as Record<string, Json>).reduce(
      (n, item) => n + Object.keys(item).length,
      0,
    );
  }

  /** The problems with one answer; none when it is what the document says. */
  check(method: string, url: string, who: string, res: LightMyRequestResponse): Problem[] {
    const name = `${method} ${url}`;
    const problem = (message: string): Problem[] => [
      {
        operation: name,
        who,
        status: res.statusCode,
        message: `${message} — body: ${res.body.slice(0, 300)}`,
      },
    ];
    const operation = this.operation(method, url);
    if (!operation) return problem('the operation is not in the document');
    const responses = operation.responses as Record<string, Response | { $ref: string }>;
    const declared = responses[String(res.statusCode)];
    if (!declared) {
      return problem(`undocumented status (documented: ${Object.keys(responses).join(', ')})`);
    }
    const response = this.resolve(declared);
    if (!response.content) {
      return res.rawPayload.length === 0 ? [] : problem('a body where the document declares none');
    }
    const type = String(res.headers['content-type'] ?? '');
    const key = Object.keys(response.content).find((k) => baseType(k) === baseType(type));
    if (key === undefined) {
      return problem(`content type "${type}" is not one of ${Object.keys(response.content).join(', ')}`);
    }
    const schema = response.content[key]!.schema;
    if (!schema || schema.format === 'binary') {
      return res.rawPayload.length > 0 ? [] : problem('an empty file');
    }
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return problem('the body is not JSON');
    }
    const validate = this.validator(`${name} ${res.statusCode} ${key}`, schema);
    if (validate(body)) return [];
    const errors = (validate.errors ?? [])
      .slice(0, 8)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
      .join('; ');
    return problem(`the body does not match the schema: ${errors}`);
  }

  private resolve(response: Response | { $ref: string }): Response {
    if (!('$ref' in response)) return response;
    const name = response.$ref.replace('#/components/responses/', '');
    const found = (this.doc.components as { responses?: Record<string, Response> }).responses?.[name];
    if (!found) throw new Error(`unresolved response ${response.$ref}`);
    return found;
  }

  private validator(key: string, schema: Json): ValidateFunction {
    const known = this.compiled.get(key);
    if (known) return known;
    const validate = this.ajv.compile(relink(schema));
    this.compiled.set(key, validate);
    return validate;
  }
}

const baseType = (type: string) => type.split(';')[0]!.trim().toLowerCase();
