import { defineConfig } from 'vite'

// The console's front end: one page (index.html) and hashed files under /assets/, served by the
// signer's console listener with a strict CSP (signer/src/console/server.ts): no inline script or
// style, so nothing here may inject any (no module-preload polyfill, CSS as files).
export default defineConfig({
  root: '.',
  base: '/',
  resolve: { conditions: ['module', 'browser', 'production'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    target: 'es2022',
    rolldownOptions: { output: { minify: true } },
  },
})
