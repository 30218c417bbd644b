/**
 * The value found at an issue path (zod's `issue.path`) inside the raw input, so an error can show what was
 * received: "namespace: must be a lowercase RFC 1123 label (got "Ops_Flow")".
 */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
