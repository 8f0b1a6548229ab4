/**
 * Loads one of the bundled entries (dist/<name>.js) through V8's code cache, so that every start after
 * the first skips most of the parsing and compiling of the bundle — what `module.enableCompileCache()`
 * does on Node 22, which Node 20 lacks. The cache lives in the user's own cache directory
 * (XDG_CACHE_HOME, ~/.cache, ~/Library/Caches or %LOCALAPPDATA%), keyed by our version, Node's version,
 * the architecture and the bundle file; a cache V8 rejects just means the entry compiles as usual.
 * NODE_DISABLE_COMPILE_CACHE (Node's own switch) turns it off.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { VERSION } from './version.js';

export interface LoadedEntry<T> {
  exports: T;
  /** Writes the code cache once the entry has done its start-up work (so that work is cached too). */
  saveCodeCache(): void;
}

export function loadEntry<T>(name: string): LoadedEntry<T> {
  const file = path.join(__dirname, `${name}.js`);
  const cacheFile = codeCachePath(name, statSync(file));
  const cachedData = cacheFile === undefined ? undefined : readOptional(cacheFile);
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  let saved = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    saveCodeCache() {
      if (saved || cacheFile === undefined) return;
      saved = true;
      try {
        mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
        // Write beside, then rename: a process starting meanwhile never reads half a file.
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
        pruneStaleCaches(cacheFile, name);
      } catch {
        // No writable cache directory: every start compiles, which is correct, only slower.
      }
    },
  };
}

/**
 * The file's size and time are part of the key: V8 checks only the source's length, and would run
 * stale code for a rebuilt bundle of the same length (npm installs give every file one fixed time,
 * but a new version has a new name here anyway).
 */
function codeCachePath(name: string, bundle: { size: number; mtimeMs: number }): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const home = os.homedir();
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'win32'
      ? process.env.LOCALAPPDATA
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Caches')
        : home && path.join(home, '.cache'));
  if (!base) return undefined;
  const stamp = `${bundle.size.toString(36)}${Math.trunc(bundle.mtimeMs).toString(36)}`;
  return path.join(
    base,
    'krastie-mcp',
    `${VERSION}-node${process.version}-${process.arch}-${name}-${stamp}.cache`,
  );
}

/** Older caches of this entry: another build of this version, or anything unused for a week (upgrades). */
function pruneStaleCaches(current: string, name: string): void {
  const directory = path.dirname(current);
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const entry of readdirSync(directory)) {
    const file = path.join(directory, entry);
    if (file === current || !entry.includes(`-${name}-`) || !entry.endsWith('.cache')) continue;
    const sameVersion = entry.startsWith(`${VERSION}-`);
    if (sameVersion || statSync(file).mtimeMs < weekAgo) rmSync(file, { force: true });
  }
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
