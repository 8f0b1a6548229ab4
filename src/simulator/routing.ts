/**
 * Routes come from the client's endpoint table, never from a list of our own: correcting a path in
 * src/krastie/endpoints.ts moves the client and the simulator together. A `{param}` matches exactly
 * one raw path segment (or the rest of one, as in `improve-content-{kind}`) and is then
 * percent-decoded, so an id like `..%2Fusers` stays one segment and can never reach another route.
 */
import { type EndpointName, endpoints } from '../krastie/endpoints.js';

export interface CompiledRoute {
  readonly name: EndpointName;
  /** `METHOD /template`, the key used by faults and request counts. */
  readonly key: string;
  readonly method: string;
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

export interface RouteMatch {
  readonly route: CompiledRoute;
  readonly params: Readonly<Record<string, string>>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compileRoutes(): CompiledRoute[] {
  const routes = (Object.keys(endpoints) as EndpointName[]).map((name): CompiledRoute => {
    const { method, path } = endpoints[name];
    const params: string[] = [];
    const source = path
      .split(/(\{\w+\})/)
      .map((part) => {
        const param = /^\{(\w+)\}$/.exec(part)?.[1];
        if (param === undefined) return escapeRegExp(part);
        params.push(param);
        return '([^/]+)';
      })
      .join('');
    return { name, key: `${method} ${path}`, method, pattern: new RegExp(`^${source}$`), params };
  });
  // Literal routes first, so a fixed path always wins over a template that could also match it.
  return routes.sort((a, b) => a.params.length - b.params.length);
}

/** Every route key (`METHOD /template`), for validating fault targets and listing stats. */
export function routeKeys(): string[] {
  return compileRoutes().map((r) => r.key);
}

/** Matches a raw (still percent-encoded) path; undefined for unknown routes and undecodable params. */
export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    try {
      route.params.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] ?? '');
      });
    } catch {
      return undefined;
    }
    return { route, params };
  }
  return undefined;
}
