import { type BrowserContextOptions, devices } from '@playwright/test'

/**
 * Shoppers' devices as browser-context options. Playwright's presets name a default browser
 * (WebKit for iPhones) that these machines do not have; only the page-facing options are kept,
 * and every context runs in Debian's Chromium.
 */
function contextOf(name: keyof typeof devices): BrowserContextOptions {
  const { defaultBrowserType: _ignored, ...options } = devices[name] as (typeof devices)[string] & {
    defaultBrowserType?: string
  }
  return options
}

/** An Android phone in Chrome: every wallet is a redirect to the wallet's page (no QR code). */
export const androidPhone = (): BrowserContextOptions => contextOf('Pixel 7')

/** An iPhone in Safari: the WAP / H5 services. */
export const iPhone = (): BrowserContextOptions => contextOf('iPhone 13')

/** WeChat's in-app browser on an iPhone: its user agent carries `MicroMessenger`. */
export function weChatInApp(): BrowserContextOptions {
  const base = iPhone()
  return {
    ...base,
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_HK',
  }
}
