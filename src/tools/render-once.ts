/**
 * Free reads come from a short-lived cache (krastie/read-cache.ts) as the same object until it expires,
 * so what a tool renders from such an object can be reused too: a model asking for the same history
 * twice gets the second answer without re-deriving it. Entries go with the data they came from.
 */
const rendered = new WeakMap<object, Map<string, unknown>>();

export function renderOnce<T>(data: object, key: string, render: () => T): T {
  let byKey = rendered.get(data);
  if (!byKey) {
    byKey = new Map();
    rendered.set(data, byKey);
  }
  if (!byKey.has(key)) {
    // A handful of argument combinations per dataset is plenty; never let a loop grow it.
    if (byKey.size >= 16) byKey.clear();
    byKey.set(key, render());
  }
  return byKey.get(key) as T;
}
