import { describe, expect, it } from 'vitest'
describe('smoke', () => { it('runs in a browser', () => { expect(typeof document.createElement).toBe('function') }) })
