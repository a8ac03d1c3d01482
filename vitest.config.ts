import { defineConfig } from 'vitest/config'

// One Vitest run for the whole workspace: each part is a project with its own config
// (the signer, the sandbox and the webhooks package run in Node, the widget in real Chromium).
export default defineConfig({
  test: {
    projects: ['signer', 'sandbox', 'webhooks', 'widget'],
    // A `.only` left in a test fails the run, with or without CI (Vitest allows it locally by default).
    allowOnly: false,
  },
})
