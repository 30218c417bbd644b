import { z } from 'zod';
import type { WorkflowTemplateParameter } from '../workflow-template-ref.js';
import type { Parameter } from './argo-types.js';

/** A WorkflowTemplate parameter derived from one field of an action's input schema. */
export interface ParameterSpec extends WorkflowTemplateParameter {
  readonly description?: string;
  /** The default as an Argo parameter string; absent when the field is required. */
  readonly default?: string;
  /** The schema field's JSON type and regex, so synth can tell which characters a value may hold. */
  readonly type?: string;
  readonly pattern?: string;
}

interface JsonSchemaProperty {
  readonly type?: string | string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
}

/**
 * The parameters of a zod object schema. `io: 'input'` makes defaulted fields optional; optional fields without a
 * default get "" (the step runtime drops empty strings for optional fields; their enum allows it); booleans and numbers become strings
 * because Argo parameters are strings; booleans get the enum ["true", "false"].
 */
export function parametersFromSchema(schema: z.core.$ZodObject): ParameterSpec[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const isRequired = required.has(name);
    const defaultValue =
      property.default !== undefined ? toParameterString(property.default) : isRequired ? undefined : '';
    const choices =
      property.enum?.map(toParameterString) ?? (property.type === 'boolean' ? ['true', 'false'] : undefined);
    // Argo rejects a value outside the enum, and "" is how an optional field is left unset.
    const enumValues = choices && defaultValue === '' && !choices.includes('') ? ['', ...choices] : choices;
    return {
      name,
      required: isRequired,
      ...(property.description ? { description: property.description } : {}),
      ...(defaultValue !== undefined ? { default: defaultValue } : {}),
      ...(enumValues ? { enum: enumValues } : {}),
      ...(typeof property.type === 'string' ? { type: property.type } : {}),
      ...(property.pattern ? { pattern: property.pattern } : {}),
    };
  });
}

/** The `spec.arguments.parameters` entry: `value` is what `argo submit -p` overrides, `default` documents it. */
export function toArgoParameter(parameter: ParameterSpec): Parameter {
  return {
    name: parameter.name,
    ...(parameter.description ? { description: parameter.description } : {}),
    ...(parameter.default !== undefined ? { value: parameter.default, default: parameter.default } : {}),
    ...(parameter.enum ? { enum: [...parameter.enum] } : {}),
  };
}

/** What Argo or people would trip over: duplicate names, undocumented parameters, defaults outside their enum. */
export function parameterErrors(parameters: readonly ParameterSpec[]): string[] {
  const names = parameters.map((parameter) => parameter.name);
  return parameters.flatMap((parameter, i) => [
    ...(names.indexOf(parameter.name) !== i ? [`parameter "${parameter.name}" is declared twice`] : []),
    ...(parameter.description
      ? []
      : [`parameter "${parameter.name}" has no description (add .describe() to the schema field)`]),
    ...(parameter.enum && parameter.default !== undefined && !parameter.enum.includes(parameter.default)
      ? [
          `parameter "${parameter.name}" default ${JSON.stringify(parameter.default)} is not one of ${JSON.stringify(parameter.enum)}`,
        ]
      : []),
  ]);
}

/** camelCase schema key to the step's kebab-case flag: `timeoutSeconds` -> `--timeout-seconds`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

function toParameterString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
