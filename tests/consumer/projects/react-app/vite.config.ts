import { defineConfig } from 'vite'

// No React plugin needed for a build: the JSX is compiled with React 19's automatic runtime.
export default defineConfig({ oxc: { jsx: { runtime: 'automatic' } } })
