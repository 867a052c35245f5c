// Builds dist/momentum.js (core) and dist/momentum-widgets.js (minified IIFEs), prints raw and gzipped
// sizes and fails when the core exceeds its budget of 4096 bytes gzipped.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CORE_BUDGET = 4096;
// Property names used only inside the core (never configuration, API, wire fields, DOM or the widgets file's
// tools): esbuild shortens them. Add a name here only if it is unique to the snippet's own objects.
const CORE_INTERNAL_NAMES = /^(reveal|revealed|cover|persistent|local|session|record|forget|open|load|save|send|batch|delay|timer|whenLoaded|show)$/;
const bundles = [
  { entry: 'src/index.js', out: 'dist/momentum.js', budget: CORE_BUDGET, mangle: CORE_INTERNAL_NAMES },
  { entry: 'src/widgets-entry.js', out: 'dist/momentum-widgets.js' },
];

let failed = false;
for (const b of bundles) {
  await build({
    absWorkingDir: root,
    entryPoints: [b.entry],
    outfile: b.out,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    legalComments: 'none',
    mangleProps: b.mangle,
    logLevel: 'warning',
  });
  const code = readFileSync(root + b.out);
  const gz = gzipSync(code, { level: 9 }).length;
  const over = b.budget && gz > b.budget;
  failed ||= over;
  console.log(`${b.out}: ${code.length} bytes, ${gz} bytes gzipped${b.budget ? ` (budget ${b.budget})` : ''}${over ? '  OVER BUDGET' : ''}`);
}
if (failed) {
  console.error(`the core snippet exceeds ${CORE_BUDGET} bytes gzipped`);
  process.exit(1);
}
