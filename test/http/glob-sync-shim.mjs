// Node 20 has no fs.globSync, which @modelcontextprotocol/conformance ≥ 0.1.14 imports by name
// (`import { globSync } from 'fs'`) for its tier-check command. Assigning fs.globSync is not enough:
// an ES module cannot gain a new named export from a built-in. So this file, passed with `--import`,
// registers a resolve hook that gives the conformance package's `fs` imports a wrapper module that
// re-exports node:fs and adds a small globSync (readdirSync recursive + a glob → RegExp). On a Node
// that has fs.globSync it does nothing.
import fs from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const WRAPPER = `
import fs from 'node:fs';
import path from 'node:path';
export * from 'node:fs';
export default fs;
function toRegExp(pattern) {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^$()|[\\]{}\\\\]/g, '\\\\$&');
  }
  return new RegExp('^' + source + '$');
}
export function globSync(patterns, options = {}) {
  const cwd = options.cwd === undefined ? process.cwd() : String(options.cwd);
  const list = (Array.isArray(patterns) ? patterns : [patterns]).map(toRegExp);
  let entries;
  try {
    entries = fs.readdirSync(cwd, { recursive: true });
  } catch {
    return [];
  }
  return entries
    .map((entry) => String(entry).split(path.sep).join('/'))
    .filter((entry) => list.some((re) => re.test(entry)));
}
`;

export async function resolve(specifier, context, next) {
  if (
    (specifier === 'fs' || specifier === 'node:fs') &&
    context.parentURL?.includes('/node_modules/@modelcontextprotocol/conformance/')
  ) {
    return { url: `data:text/javascript,${encodeURIComponent(WRAPPER)}`, shortCircuit: true };
  }
  return next(specifier, context);
}

if (isMainThread && typeof fs.globSync !== 'function') register(import.meta.url);
