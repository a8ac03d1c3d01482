import { html, type TemplateResult } from 'lit'
import type { Me } from './api.js'
import type { Translation } from './i18n/en.js'
import './screens/attention.js'
import './screens/audit-log.js'
import './screens/export.js'
import './screens/payments.js'
import './screens/settings.js'
import './screens/users.js'
import './screens/webhooks.js'

/**
 * The console's screens, in navigation order. To add one: write `screens/<name>.ts` (a Lit element
 * taking `t`, `me` and, for sub-pages like `/payments/<id>`, `path`), import it above, and replace its entry here (or add one); its title goes in
 * each translation's `screens` (i18n/en.ts). `ownerOnly` hides it from staff; the server checks the
 * role again on every API call (signer/src/console/roles.ts).
 */

export interface Screen {
  /** The path segment: `/payments`. */
  path: string
  ownerOnly: boolean
  render(t: Translation, me: Me, path: string): TemplateResult
}

export const SCREENS: readonly Screen[] = [
  {
    path: 'payments',
    ownerOnly: false,
    render: (t, me, path) =>
      html`<console-payments .t=${t} .me=${me} path=${path}></console-payments>`,
  },
  {
    path: 'attention',
    ownerOnly: false,
    render: (t) => html`<console-attention .t=${t}></console-attention>`,
  },
  {
    path: 'webhooks',
    ownerOnly: false,
    render: (t) => html`<console-webhooks .t=${t}></console-webhooks>`,
  },
  {
    path: 'export',
    ownerOnly: false,
    render: (t) => html`<console-export .t=${t}></console-export>`,
  },
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
  {
    path: 'settings',
    ownerOnly: false,
    render: (t, me) => html`<console-settings .t=${t} .me=${me}></console-settings>`,
  },
]

export function screensFor(me: Me): Screen[] {
  return SCREENS.filter((s) => !s.ownerOnly || me.user.role === 'owner')
}
