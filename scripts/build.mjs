// Bundles the program into dist/: a tiny dispatcher (cli.js) and one self-contained CommonJS bundle per
// command (server = stdio, http, demo, doctor, simulate), plus undici (agent.js), loaded with the first
// request to Krastie. CommonJS because src/load-entry.ts runs bundles through V8's code cache, which
// Node 20 offers only for scripts. The package then has no runtime dependencies; their licences go to
// THIRD_PARTY_NOTICES.md.
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

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
    esbuild.onResolve({ filter: /\/agent\.js$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'krastie', 'agent.ts'))
        ? undefined
        : { path: './agent.js', external: true },
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
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [sharedAgent],
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
