// Builds dist/momentum.js (core) and dist/momentum-widgets.js (minified IIFEs), prints raw and gzipped
// sizes and fails when the core exceeds its budget of 4096 bytes gzipped.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CORE_BUDGET = 4096;
const bundles = [
  { entry: 'src/index.js', out: 'dist/momentum.js', budget: CORE_BUDGET },
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
