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
