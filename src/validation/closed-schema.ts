/**
 * Upstream Argo JSON schemas are open: no definition sets `additionalProperties: false`, so a misplaced field
 * validates. `closeSchema` returns a copy where every object definition that lists its properties accepts no
 * others, and IntOrString accepts integers (the Workflows schema declares it as a plain string).
 */
type SchemaNode = Record<string, unknown>;

export interface JsonSchemaDocument {
  readonly definitions: Record<string, SchemaNode>;
  readonly [key: string]: unknown;
}

const INT_OR_STRING = /\.IntOrString$/;

export function closeSchema<S extends JsonSchemaDocument>(schema: S): S {
  const definitions: Record<string, SchemaNode> = {};
  for (const [name, definition] of Object.entries(schema.definitions)) {
    definitions[name] = INT_OR_STRING.test(name)
      ? { ...withoutType(definition), type: ['integer', 'string'] }
      : closeObject(definition);
  }
  return { ...schema, definitions };
}

function closeObject(definition: SchemaNode): SchemaNode {
  const opensItself = 'additionalProperties' in definition || 'x-kubernetes-preserve-unknown-fields' in definition;
  if (!isRecord(definition.properties) || opensItself) return definition;
  return { ...definition, additionalProperties: false };
}

function withoutType(definition: SchemaNode): SchemaNode {
  const { type: _type, format: _format, ...rest } = definition;
  return rest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
