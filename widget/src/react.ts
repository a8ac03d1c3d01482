import { createComponent, type EventName } from '@lit/react'
import * as React from 'react'
import { EftpayButton } from './eftpay-button/eftpay-button.js'
import type {
  EftpayCancelEvent,
  EftpayErrorEvent,
  EftpayFailureEvent,
  EftpayQrcodeEvent,
  EftpayReadyEvent,
  EftpayRedirectEvent,
  EftpaySelectEvent,
  EftpaySuccessEvent,
} from './events/index.js'

/**
 * `<EftpayButton>` for React (`@eftpay/button/react`): the same element, with its events as
 * `onEftpayReady`, `onEftpaySuccess` and so on.
 */
export const EftpayButtonReact = createComponent({
  tagName: 'eftpay-button',
  elementClass: EftpayButton,
  react: React,
  events: {
    onEftpayReady: 'eftpay-ready' as EventName<EftpayReadyEvent>,
    onEftpaySelect: 'eftpay-select' as EventName<EftpaySelectEvent>,
    onEftpayRedirect: 'eftpay-redirect' as EventName<EftpayRedirectEvent>,
    onEftpayQrcode: 'eftpay-qrcode' as EventName<EftpayQrcodeEvent>,
    onEftpaySuccess: 'eftpay-success' as EventName<EftpaySuccessEvent>,
    onEftpayFailure: 'eftpay-failure' as EventName<EftpayFailureEvent>,
    onEftpayCancel: 'eftpay-cancel' as EventName<EftpayCancelEvent>,
    onEftpayError: 'eftpay-error' as EventName<EftpayErrorEvent>,
  },
})

// The JSX typings of the bare element come along with this entry (see jsx.ts).
export type { EftpayButtonJsxProps } from './jsx.js'
export { EftpayButtonReact as EftpayButton }
