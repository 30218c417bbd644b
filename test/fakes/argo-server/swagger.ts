import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { closeSchema, type JsonSchemaDocument } from '../../../src/validation/closed-schema.js';

/** The upstream swagger, read at test time from ../shared (never copied into the repository). */
export const SWAGGER_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/reference/argo/argo-server-v4.1.2.swagger.json',
);

interface SwaggerParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'body' | 'header';
  readonly schema?: Record<string, unknown>;
}
interface SwaggerOperation {
  readonly operationId: string;
  readonly parameters?: readonly SwaggerParameter[];
  readonly responses: Record<string, { readonly schema?: Record<string, unknown> }>;
}
interface Swagger extends JsonSchemaDocument {
  readonly paths: Record<string, Record<string, SwaggerOperation>>;
}

export interface MatchedOperation {
  readonly operationId: string;
  readonly pathParams: Record<string, string>;
  /** Problems with the request: undeclared query parameters, a body that does not validate. */
  checkRequest(query: URLSearchParams, body: unknown): string[];
  /** Problems with a 200 body (for a stream: one line) or an error body. */
  checkResponse(status: number, body: unknown): string[];
}

/**
 * Request and response validation against the Argo Server swagger, closed (closeSchema) so that a misspelled or
 * misplaced field fails rather than passing through an open schema.
 */
export class SwaggerValidator {
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  private readonly routes: { pattern: RegExp; names: string[]; method: string; operation: SwaggerOperation }[] = [];
  private readonly compiled = new Map<object, ValidateFunction>();

  constructor() {
    const swagger = closeSchema(JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')) as Swagger);
    this.ajv.addSchema({ $id: 'argo', definitions: swagger.definitions });
    for (const [path, methods] of Object.entries(swagger.paths)) {
      const names: string[] = [];
      const source = path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      for (const [method, operation] of Object.entries(methods)) {
        if (method === 'parameters') continue;
        this.routes.push({ pattern: new RegExp(`^${source}$`), names, method: method.toUpperCase(), operation });
      }
    }
    // A literal segment beats a placeholder (`/workflows/{ns}/submit` over `/workflows/{ns}/{name}`).
    this.routes.sort((a, b) => a.names.length - b.names.length);
  }

  match(method: string, pathname: string): MatchedOperation | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const pathParams = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
      const { operation } = route;
      return {
        operationId: operation.operationId,
        pathParams,
        checkRequest: (query, body) => this.checkRequest(operation, query, body),
        checkResponse: (status, body) => {
          const schema = operation.responses[status === 200 ? '200' : 'default']?.schema;
          return schema ? this.check(schema, body, `${operation.operationId} response ${status}`) : [];
        },
      };
    }
    return undefined;
  }

  private checkRequest(operation: SwaggerOperation, query: URLSearchParams, body: unknown): string[] {
    const parameters = operation.parameters ?? [];
    const declared = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
    const problems = [...new Set(query.keys())]
      .filter((key) => !declared.has(key))
      .map((key) => `${operation.operationId}: undeclared query parameter ${key}`);
    const bodyParameter = parameters.find((p) => p.in === 'body');
    if (bodyParameter?.schema) {
      problems.push(...this.check(bodyParameter.schema, body, `${operation.operationId} request body`));
    } else if (body !== undefined) {
      problems.push(`${operation.operationId}: takes no request body`);
    }
    return problems;
  }

  private check(schema: Record<string, unknown>, value: unknown, what: string): string[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      // Inline schemas (stream results) refer to `#/definitions/...` of the swagger document.
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', '"argo#/definitions/'));
      validate = this.ajv.compile(rebased);
      this.compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${what}: ${error.instancePath || '/'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${error.params.additionalProperty})` : ''}`,
    );
  }
}
