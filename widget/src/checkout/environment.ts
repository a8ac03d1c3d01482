/**
 * What the widget reports of the shopper's device to the signer, which routes the wallets
 * (docs/api.md "POST /v1/sessions/{id}/payments"). Detection is a pure function of
 * the user agent and client hints so it can be unit tested without a browser in each case.
 */

import type { Device } from '../api/types.js'

/** What the browser tells about itself: the user agent, and the User-Agent Client Hints if any. */
export interface EnvironmentHints {
  userAgent: string
  /** `navigator.userAgentData.platform`, e.g. `Android`, `iOS`, `Windows`. */
  platform?: string | undefined
  /** `navigator.userAgentData.mobile`. */
  mobile?: boolean | undefined
  /** `navigator.maxTouchPoints`: tells an iPad (which claims to be a Mac) from a Mac. */
  maxTouchPoints?: number | undefined
}

/**
 * Decides os, mobile and in-app browser from the hints.
 * - WeChat's browser (and WeCom's) says `MicroMessenger`; Alipay's says `AlipayClient` (HK: `AlipayClientHK`).
 * - iPadOS asks for desktop pages with a Mac user agent; only its touch points give it away.
 * - Android tablets count as mobile: the wallet apps are installed on them, a QR code would be wrong.
 */
export function detectDevice(hints: EnvironmentHints): Device {
  const ua = hints.userAgent
  const platform = (hints.platform ?? '').toLowerCase()
  const ipadAsMac = /Macintosh/.test(ua) && (hints.maxTouchPoints ?? 0) > 1
  let os: Device['os'] = 'others'
  if (/iPhone|iPad|iPod/.test(ua) || ipadAsMac || platform === 'ios') os = 'ios'
  else if (/Android/i.test(ua) || platform === 'android') os = 'android'
  const mobile = os !== 'others' || hints.mobile === true || /Mobi/.test(ua)
  const in_app = /MicroMessenger/i.test(ua)
    ? 'wechat'
    : /AlipayClient/i.test(ua)
      ? 'alipay'
      : 'none'
  return { os, mobile, in_app }
}

interface NavigatorWithHints {
  userAgent: string
  maxTouchPoints?: number
  userAgentData?: { platform?: string; mobile?: boolean }
}

/** Reads the hints from a `navigator` (the real one by default); no DOM access on import. */
export function readHints(
  nav: NavigatorWithHints = navigator as NavigatorWithHints,
): EnvironmentHints {
  return {
    userAgent: nav.userAgent,
    platform: nav.userAgentData?.platform,
    mobile: nav.userAgentData?.mobile,
    maxTouchPoints: nav.maxTouchPoints,
  }
}
