import { allFamilies } from '../../../src/steps/bin/families.js';
import { familyCatalog } from '../../../src/steps/runtime/catalog.js';

describe('every registered step', () => {
  it('has a JSON schema for its input with a description on every field', async () => {
    const catalog = await familyCatalog(allFamilies);
    expect(catalog.manifests.length).toBeGreaterThan(0);
    const undescribed = catalog.manifests.flatMap((step) =>
      Object.entries(step.inputSchema.properties)
        .filter(([, field]) => !field.description?.trim())
        .map(([key]) => `${step.system}/${step.name}: ${key}`),
    );
    expect(undescribed).toEqual([]);
    for (const step of catalog.manifests) {
      expect(step.description.length).toBeGreaterThan(10);
      expect(step.inputSchema).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });
});

/** Paths of the string schemas under `schema` that have no maxLength (nor a bounded format: enum, const, uuid). */
function unboundedStrings(schema: Record<string, unknown>, path: string): string[] {
  const bounded = schema.maxLength !== undefined || schema.enum !== undefined || schema.const !== undefined;
  const own = schema.type === 'string' && !bounded ? [path] : [];
  const children: [string, unknown][] = [
    ...Object.entries((schema.properties as Record<string, unknown> | undefined) ?? {}).map(
      ([key, child]): [string, unknown] => [`${path}.${key}`, child],
    ),
    [`${path}[]`, schema.items],
    [`${path}{}`, schema.additionalProperties],
    [`${path}{key}`, schema.propertyNames],
    ...[...((schema.anyOf as unknown[]) ?? []), ...((schema.oneOf as unknown[]) ?? [])].map(
      (child, index): [string, unknown] => [`${path}|${index}`, child],
    ),
  ];
  return [
    ...own,
    ...children.flatMap(([childPath, child]) =>
      child && typeof child === 'object' ? unboundedStrings(child as Record<string, unknown>, childPath) : [],
    ),
  ];
}

describe('every string input', () => {
  it('has a documented maximum length (maxLength in the JSON schema of `opsflow-step list --json`)', async () => {
    const catalog = await familyCatalog(allFamilies);
    const unbounded = catalog.manifests.flatMap((step) =>
      unboundedStrings(step.inputSchema as unknown as Record<string, unknown>, `${step.system}/${step.name}`),
    );
    expect(unbounded).toEqual([]);
  });
});
