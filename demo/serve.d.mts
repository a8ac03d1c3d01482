/** Types of `demo/serve.mjs` for TypeScript callers (the end-to-end tests). */
export interface DemoOptions {
  /** Default 5173; 0 picks a free port. */
  demoPort?: number
  /** Default 8787; 0 picks a free port. */
  signerPort?: number
  /** The signer's database and the demo's order list (default `./data` at the repo root). */
  dataDir?: string
  /** Send the signer's log to `<dataDir>/signer.log` instead of this terminal. */
  quiet?: boolean
  /** Extra environment for the signer. */
  signerEnv?: Record<string, string>
  /** The address both servers listen on (default 127.0.0.1; 0.0.0.0 for other devices). */
  host?: string
  /** The address shoppers' browsers use, when `host` does not tell it. */
  publicHost?: string
}

export interface RunningDemo {
  demoUrl: string
  signerUrl: string
  apiKey: string
  webhookSecret: string
  dataDir: string
  stop(): Promise<void>
}

export function startDemo(options?: DemoOptions): Promise<RunningDemo>
export function freePort(): Promise<number>
export const DEMO_API_KEY: string
export const DEMO_WEBHOOK_SECRET: string
