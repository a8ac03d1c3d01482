import type { Config } from '../config/index.js'
import type { Clock } from '../contract/clock.js'
import type { Core } from '../domain/context.js'
import type { PaymentsService } from '../domain/types.js'
import type { AppVariables } from '../middleware/request-context.js'
import type { Logger } from '../observability/logger.js'
import type { Db } from '../store/db.js'
import type { RelyingParty } from './passkeys.js'
import type { OpenSession, SessionSettings } from './sessions.js'

/** Everything `createConsoleApp` needs; main.ts (console/listener.ts) or a test builds it. */
export interface ConsoleDeps {
  config: Config
  db: Db
  service: PaymentsService
  /**
   * The money core the merchant API's routes use (lists, events, attention, reports): the console
   * calls the same domain functions. Absent in tests that build the app on a fake service; the
   * screens' routes are then not mounted.
   */
  core?: Core
  clock: Clock
  logger: Logger
  /** The console's origin (CONSOLE_PUBLIC_URL, or `http://localhost:<bound port>`). */
  consoleUrl: string
  /** Where the built front end is (console/dist); undefined: the API alone, pages 404. */
  assetsDir?: string
}

/** What the console's handlers share, derived once from the deps. */
export interface ConsoleContext extends ConsoleDeps {
  rp: RelyingParty
  sessions: SessionSettings
  now(): number
}

export type ConsoleVariables = AppVariables & {
  /** The client's address as the audit log records it. */
  ip: string
  /** Set by `requireSession`. */
  session: OpenSession
}

export type ConsoleEnv = { Variables: ConsoleVariables }
