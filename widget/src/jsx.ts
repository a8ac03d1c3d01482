// React 19 JSX for the custom element itself (`<eftpay-button sku="milk-tea" />`, no wrapper): the
// attributes it reads and its events. React 19 passes `on<event-name>` props on custom elements to
// addEventListener with the exact name after `on`, so `oneftpay-success` listens to
// `eftpay-success`. Loaded by `@eftpay/button/react`, or on its own with
// `import type {} from '@eftpay/button/jsx'`.
import type { DetailedHTMLProps, HTMLAttributes } from 'react'
import type { EftpayButton } from './eftpay-button/eftpay-button.component.js'
import type { EftpayEventMap } from './events/index.js'

/** `oneftpay-ready` and the rest: a listener for each of the element's events. */
type EftpayEventProps = {
  [Name in keyof EftpayEventMap as `on${Name}`]?: (event: EftpayEventMap[Name]) => void
}

/** The attributes and event props of `<eftpay-button>` in JSX. */
export interface EftpayButtonJsxProps
  extends DetailedHTMLProps<HTMLAttributes<EftpayButton>, EftpayButton>,
    EftpayEventProps {
  /** Base URL of the merchant's signer; empty for the page's own origin. */
  signer?: string
  /** The session's client secret from the merchant's backend. */
  'client-secret'?: string
  /** Catalog product to buy when there is no client secret; the signer prices it. */
  sku?: string
  /** How many of `sku`. */
  quantity?: number | string
  /** Session to show the final state of on a return page. */
  'session-id'?: string
  /** Narrows the signer's wallets (space or comma separated codes). */
  wallets?: string
  /** `en`, `zh-HK` or `zh-CN`. */
  lang?: string
  theme?: 'light' | 'dark' | 'auto'
  layout?: 'list' | 'grid'
  /** Milliseconds between status checks while waiting for a payment. */
  'poll-interval'?: number | string
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'eftpay-button': EftpayButtonJsxProps
    }
  }
}
