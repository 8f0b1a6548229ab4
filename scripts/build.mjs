// Bundles the program into dist/: a tiny dispatcher (cli.js) and one self-contained CommonJS bundle per
// command (server = stdio, http, demo, doctor, simulate), plus undici (agent.js), loaded with the first
// request to Krastie. CommonJS because src/load-entry.ts runs bundles through V8's code cache, which
// Node 20 offers only for scripts. The package then has no runtime dependencies; their licences go to
// THIRD_PARTY_NOTICES.md.
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

const entries = {
  cli: 'src/cli.ts',
  server: 'src/serve-stdio.ts',
  http: 'src/http/main.ts',
  demo: 'src/demo/main.ts',
  doctor: 'src/doctor/main.ts',
  simulate: 'src/simulator/main.ts',
  agent: 'src/krastie/agent.ts',
};

/** Every bundle reaches undici through dist/agent.js instead of carrying its own copy. */
const sharedAgent = {
  name: 'shared-agent',
  setup(esbuild) {
    // Only our own imports of src/krastie/agent.ts (from src/krastie/http.ts, src/doctor/network.ts).
    esbuild.onResolve({ filter: /\/agent\.js$/ }, (args) =>
      args.importer.startsWith(path.join(root, 'src')) &&
      !args.importer.endsWith(path.join('krastie', 'agent.ts'))
        ? { path: './agent.js', external: true }
        : undefined,
    );
  },
};

/**
 * The SDK's types.js builds ~160 zod schemas when it loads; a server uses about half. Each top-level
 * `const X = <expression that calls something>` is wrapped in a pure IIFE, so esbuild drops the unused
 * ones (and, minifying, unwraps the rest back to plain expressions). The schemas it keeps are built
 * "jitless": zod then skips compiling (new Function) a fast parser for each on its first parse — pure
 * start-up cost for the few MCP messages a server parses — while our own schemas, built afterwards, keep
 * the compiled parsers that make parsing Krastie's answers cheaper.
 */
const sdkSchemas = {
  name: 'sdk-schemas',
  setup(esbuild) {
    esbuild.onLoad(
      { filter: /@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]types\.js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const file = ts.createSourceFile(args.path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
        const calls = (node) =>
          !ts.isFunctionLike(node) &&
          (ts.isCallExpression(node) ||
            ts.isNewExpression(node) ||
            ts.isTaggedTemplateExpression(node) ||
            !!ts.forEachChild(node, calls));
        const edits = [];
        for (const statement of file.statements) {
          if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const))
            continue;
          for (const { initializer } of statement.declarationList.declarations) {
            if (initializer && calls(initializer)) {
              edits.push([initializer.getStart(file), '/* @__PURE__ */ (() => ('], [initializer.end, '))()']);
            }
          }
        }
        const zod = file.statements.find(
          (s) =>
            ts.isImportDeclaration(s) &&
            s.importClause?.namedBindings &&
            ts.isNamespaceImport(s.importClause.namedBindings),
        );
        if (edits.length < 100 || !zod)
          throw new Error(`${args.path} no longer looks as sdk-schemas expects`);
        const z = zod.importClause.namedBindings.name.text;
        edits.push(
          [zod.end, `\nconst $jitless = ${z}.config().jitless;\n${z}.config({ jitless: true });\n`],
          [source.length, `\n${z}.config({ jitless: $jitless });\n`],
        );
        let contents = source;
        for (const [at, text] of edits.sort((a, b) => b[0] - a[0]))
          contents = contents.slice(0, at) + text + contents.slice(at);
        return { contents, loader: 'js' };
      },
    );
  },
};

/**
 * Ajv (and its formats) is compiled and evaluated as soon as the SDK's server/index.js imports its
 * AjvJsonSchemaValidator, although we pass our own lazy validator (src/lazy-validator.ts). Give
 * ajv-provider.js a stand-in that loads the real module (bundled, behind esbuild's lazy init) the
 * first time a validator is constructed — only when a tool elicits.
 */
const lazyAjv = {
  name: 'lazy-ajv',
  setup(esbuild) {
    esbuild.onLoad(
      { filter: /@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]validation[\\/]ajv-provider\.js$/ },
      (args) =>
        args.suffix === '?eager'
          ? undefined
          : {
              contents: `let eager;
export class AjvJsonSchemaValidator {
  constructor(ajv) {
    eager ??= require(${JSON.stringify(`${args.path}?eager`)});
    return new eager.AjvJsonSchemaValidator(ajv);
  }
}
`,
              loader: 'js',
            },
    );
  },
};

/**
 * tools/list, rendered from the tool definitions now rather than at every start (src/tool-list.ts).
 * The renderer itself runs, bundled, in this process.
 */
async function renderToolList() {
  const renderer = await build({
    stdin: {
      contents:
        "import { renderToolList } from './src/tool-list.ts'; import { tools } from './src/tools/index.ts'; export const list = renderToolList(tools);",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  const module = await import(
    `data:text/javascript;base64,${Buffer.from(renderer.outputFiles[0].text).toString('base64')}`
  );
  return module.list;
}

// Build beside dist/ and swap it in, so a server started meanwhile (e.g. by a parallel test run)
// never sees a half-written dist/.
const dist = path.join(root, 'dist');
const staging = path.join(root, `.dist-${process.pid}`);
const result = await build({
  entryPoints: Object.fromEntries(
    Object.entries(entries).map(([name, file]) => [name, path.join(root, file)]),
  ),
  outdir: staging,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.18',
  minifySyntax: true,
  // Less source to read and hold at every start (the code cache spares parsing, not reading).
  minifyWhitespace: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [sharedAgent, sdkSchemas, lazyAjv],
  // The bundles run inside vm.Script (src/load-entry.ts), where import() is not available: load
  // dist/agent.js with require() instead.
  supported: { 'dynamic-import': false },
  define: {
    __KRASTIE_MCP_VERSION__: JSON.stringify(pkg.version),
    __KRASTIE_TOOL_LIST__: JSON.stringify(JSON.stringify(await renderToolList())),
    'import.meta.url': '__importMetaUrl',
  },
  banner: { js: 'var __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});
// dist/ is CommonJS, whatever the package's own "type".
await writeFile(path.join(staging, 'package.json'), '{ "type": "commonjs" }\n');
await chmod(path.join(staging, 'cli.js'), 0o755);
const previous = `${staging}-old`;
await rename(dist, previous).catch(() => {});
await rename(staging, dist);
await rm(previous, { recursive: true, force: true });
await writeFile(path.join(root, 'THIRD_PARTY_NOTICES.md'), await notices(result.metafile));

/** The licence text of every package that ended up in the bundles. */
async function notices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match)
      packages.set(match[1], path.join(root, input.slice(0, input.indexOf(match[1]) + match[1].length)));
  }
  const sections = [];
  for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    const licence = await readLicence(dir);
    sections.push(
      `## ${name} ${manifest.version}\n\nLicense: ${manifest.license ?? 'see below'}\n\n${licence ? `\`\`\`\n${licence.trim()}\n\`\`\`` : ''}`,
    );
  }
  return `# Third-party notices\n\nkrastie-mcp's dist/ bundles the following packages. Their licences follow.\n\n${sections.join('\n\n')}\n`;
}

async function readLicence(dir) {
  for (const file of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE']) {
    try {
      return await readFile(path.join(dir, file), 'utf8');
    } catch {}
  }
  return undefined;
}
