import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'webhooks',
    allowOnly: false,
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
