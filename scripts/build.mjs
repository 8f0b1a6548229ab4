// Bundles src/cli.ts into dist/: one file for start-up, separate chunks for code loaded on demand
// (sub-commands, undici). The package then has no runtime dependencies; their licences go to
// THIRD_PARTY_NOTICES.md.
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

// Build beside dist/ and swap it in, so a server started meanwhile (e.g. by a parallel test run)
// never sees a half-written dist/.
const dist = path.join(root, 'dist');
const staging = path.join(root, `.dist-${process.pid}`);
const result = await build({
  entryPoints: { cli: path.join(root, 'src/cli.ts') },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  chunkNames: 'chunks/[name]-[hash]',
  minifySyntax: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  define: { __KRASTIE_MCP_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies bundled into ESM call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __krastieRequire } from 'node:module'; const require = __krastieRequire(import.meta.url);",
  },
});
await chmod(path.join(staging, 'cli.js'), 0o755);
const previous = `${staging}-old`;
await rename(dist, previous).catch(() => {});
await rename(staging, dist);
await rm(previous, { recursive: true, force: true });
await writeFile(path.join(root, 'THIRD_PARTY_NOTICES.md'), await notices(result.metafile));

/** The licence text of every package that ended up in the bundle. */
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
