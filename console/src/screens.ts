import { html, type TemplateResult } from 'lit'
import type { Me } from './api.js'
import type { Translation } from './i18n/en.js'
import './screens/audit-log.js'
import './screens/placeholder.js'
import './screens/users.js'

/**
 * The console's screens, in navigation order. To add one: write `screens/<name>.ts` (a Lit element
 * taking `t` and `me`), import it above, and replace its entry here (or add one); its title goes in
 * each translation's `screens` (i18n/en.ts). `ownerOnly` hides it from staff; the server checks the
 * role again on every API call (signer/src/console/roles.ts).
 */

export interface Screen {
  /** The path segment: `/payments`. */
  path: string
  ownerOnly: boolean
  render(t: Translation, me: Me): TemplateResult
}

const placeholder = (t: Translation) => html`<console-placeholder .t=${t}></console-placeholder>`

export const SCREENS: readonly Screen[] = [
  { path: 'payments', ownerOnly: false, render: placeholder },
  { path: 'attention', ownerOnly: false, render: placeholder },
  { path: 'webhooks', ownerOnly: false, render: placeholder },
  { path: 'export', ownerOnly: false, render: placeholder },
  {
    path: 'users',
    ownerOnly: true,
    render: (t, me) => html`<console-users .t=${t} .me=${me}></console-users>`,
  },
  {
    path: 'audit',
    ownerOnly: true,
    render: (t) => html`<console-audit-log .t=${t}></console-audit-log>`,
  },
  { path: 'settings', ownerOnly: true, render: placeholder },
]

export function screensFor(me: Me): Screen[] {
  return SCREENS.filter((s) => !s.ownerOnly || me.user.role === 'owner')
}
