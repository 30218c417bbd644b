/**
 * What a bulk listing keeps of each object: the values at a few dotted paths (`status.id`), taken from each page as
 * it is parsed (on a worker thread, `startPageParser`), then built into the caller's objects. A server's own field
 * selection (Ironic's `fields`) makes the pages smaller; Nautobot's REST API has none (only `exclude_m2m`, `depth`
 * and `include`), so its pages are parsed whole wherever this runs.
 */
export interface Projection<R> {
  /** Dotted paths into each object, e.g. `['id', 'status.id']`. */
  readonly paths: readonly string[];
  /** The object from its values: `values[at]`, `values[at + 1]`... in the order of `paths`. */
  readonly build: (values: readonly unknown[], at: number) => R;
}

/**
 * A parsed listing page with its list of objects (`data[key]`: Nautobot's `results`, Ironic's `nodes`) replaced by
 * the values at `paths` of each object, one flat list (flat lists of strings cross between threads several times
 * cheaper than objects do). Anything that is not a page is returned as it is, for the caller to refuse.
 * Self-contained (no imports, no outer names): the page parser's worker runs it from its source text.
 */
export function projectPage(data: unknown, paths: readonly string[], key: string): unknown {
  const results = (data as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(results)) return data;
  const steps = paths.map((path) => path.split('.'));
  const values: unknown[] = [];
  for (const item of results) {
    for (const keys of steps) {
      let value: unknown = item;
      for (const key of keys) value = (value as Record<string, unknown> | null | undefined)?.[key];
      values.push(value);
    }
  }
  return { ...(data as object), [key]: values };
}

/** The caller's objects from a projected page's flat list. */
export function buildItems<R>(values: readonly unknown[], projection: Projection<R>): R[] {
  const width = projection.paths.length;
  const items: R[] = [];
  for (let at = 0; at < values.length; at += width) items.push(projection.build(values, at));
  return items;
}

/** Objects as a projection keeps them, on this thread (tests, and a client without a page parser). */
export function projectItems<R>(items: readonly unknown[], projection: Projection<R>): R[] {
  const page = projectPage({ items }, projection.paths, 'items') as { items: unknown[] };
  return buildItems(page.items, projection);
}
