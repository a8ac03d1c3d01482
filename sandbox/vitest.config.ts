import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'sandbox',
    allowOnly: false,
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
})
