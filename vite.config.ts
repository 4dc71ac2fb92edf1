import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

const ENGINE_DIR = fileURLToPath(new URL('./src/engine', import.meta.url));
const ENGINE_INDEX = fileURLToPath(new URL('./src/engine/index.ts', import.meta.url));
const ENGINE_API = fileURLToPath(new URL('./src/engine/api.ts', import.meta.url));

/**
 * The page imports the engine as src/engine/api.ts. index.ts (the headless API that tests and
 * Node scripts import) also provides the queue runtime and the CLI importer up front; the page
 * loads those on demand as chunks of their own. Only imports of the engine's folder (or its index) are
 * redirected; other `engine/…` paths resolve as written.
 */
function enginePageApi(): Plugin {
  return {
    name: 'queuescope-engine-page-api',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !/(^|\/)engine(\/index(\.ts)?)?$/.test(source)) return null;
      const path = resolve(dirname(importer), source);
      return [ENGINE_DIR, ENGINE_INDEX, ENGINE_INDEX.slice(0, -3)].includes(path) ? ENGINE_API : null;
    },
  };
}

// `base: './'` makes the build work from any sub-path; `--mode single` inlines everything
// into one index.html that opens from file:// (double-click).
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: mode === 'single' ? [enginePageApi(), react(), viteSingleFile()] : [enginePageApi(), react()],
  build: {
    outDir: mode === 'single' ? 'dist-single' : 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    // One stylesheet for the whole page, lazy parts included: CSS that arrives with a lazy chunk
    // would be appended later and could reorder the cascade (and flash unstyled content).
    cssCodeSplit: false,
    // Everything the page runs before its first frame in one chunk (one request, and gzip
    // compresses it as a whole); what loads on demand keeps its own chunks. The single-file
    // build inlines every chunk anyway.
    ...(mode === 'single'
      ? {}
      : {
          rolldownOptions: {
            output: { codeSplitting: { groups: [{ name: 'index', tags: ['$initial' as const] }] } },
          },
        }),
  },
}));
