import { isAmount, toCents } from '../money.js'
import { GatewayError } from './gateway-error.js'
import { isLoopbackHttp } from './pay-link.js'
import type { QrWallet } from './qr-scene-messages.js'

/**
 * The `qr_code` of a QR-scene PreOrder is untrusted input that a shopper's phone will scan and
 * pay (docs/protocol.md, "Merchant-presented QR scene"). eftPay's pages do not show one, so the
 * shape per wallet is our **assumption**, each the format that wallet's apps scan:
 *
 * - FPS: an EMVCo merchant-presented payload (Hong Kong's common QR code for FPS): printable
 *   ASCII, tag-length-value elements to the very end, `00` = `01` first, `63` last with the
 *   CRC-16/CCITT-FALSE of everything before its value; when it states an amount (`54`) or a
 *   currency (`53`), they are the order's and Hong Kong dollars (`344`).
 * - PayMe, Alipay (ALIPAYBOTH): an https link. WeChat: an https or `weixin:` link.
 * - Plain http only to this machine while the gateway is a sandbox on this machine.
 */

/** Why `code` is not a code to show for this wallet and amount, or undefined when it is. */
export function qrCodeProblem(
  code: string,
  wallet: QrWallet,
  orderAmount: string,
  loopbackHttp: boolean,
): string | undefined {
  if (!/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(code))
    return 'characters outside printable ASCII, or white space at an end'
  return wallet === 'FPS' ? emvProblem(code, orderAmount) : linkProblem(code, wallet, loopbackHttp)
}

/** Throws the `malformed` gateway error for a reply whose code must not be shown. */
export function assertUsableQrCode(
  code: string,
  wallet: QrWallet,
  orderAmount: string,
  loopbackHttp: boolean,
): void {
  const problem = qrCodeProblem(code, wallet, orderAmount, loopbackHttp)
  if (problem === undefined) return
  throw new GatewayError({
    kind: 'malformed',
    field: 'qr_code',
    message: `eftPay's reply has a qr_code that must not be shown for ${wallet} (${problem})`,
  })
}

const LINK_SCHEMES: Readonly<Record<Exclude<QrWallet, 'FPS'>, readonly string[]>> = {
  PAYME: ['https'],
  ALIPAYBOTH: ['https'],
  WECHATHK: ['https', 'weixin'],
  WECHATCN: ['https', 'weixin'],
}

function linkProblem(
  code: string,
  wallet: Exclude<QrWallet, 'FPS'>,
  loopbackHttp: boolean,
): string | undefined {
  if (/\s/.test(code)) return 'white space in a link'
  let url: URL
  try {
    url = new URL(code)
  } catch {
    return 'not an absolute link'
  }
  if (url.username || url.password) return 'credentials in the link'
  if (loopbackHttp && isLoopbackHttp(url)) return undefined
  const scheme = url.protocol.slice(0, -1)
  return LINK_SCHEMES[wallet].includes(scheme) ? undefined : `scheme ${scheme}: is not ${wallet}'s`
}

/** The top-level EMVCo elements of a payload, or a reason it is not one. */
function emvElements(payload: string): Map<string, string> | string {
  const elements = new Map<string, string>()
  let at = 0
  while (at < payload.length) {
    const head = payload.slice(at, at + 4)
    if (!/^\d{4}$/.test(head)) return `no tag and length at position ${at}`
    const length = Number(head.slice(2))
    if (at + 4 + length > payload.length) return `element ${head.slice(0, 2)} runs past the end`
    if (elements.has(head.slice(0, 2))) return `element ${head.slice(0, 2)} appears twice`
    elements.set(head.slice(0, 2), payload.slice(at + 4, at + 4 + length))
    at += 4 + length
  }
  return elements
}

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) of ASCII text, 4 upper-case hex digits. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i) << 8
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc.toString(16).toUpperCase().padStart(4, '0')
}

function emvProblem(payload: string, orderAmount: string): string | undefined {
  if (!payload.startsWith('000201')) return 'not an EMVCo payload (000201)'
  const elements = emvElements(payload)
  if (typeof elements === 'string') return elements
  if (!/^6304[0-9A-Fa-f]{4}$/.test(payload.slice(-8))) return 'no CRC (63) at the end'
  if (payload.slice(-4).toUpperCase() !== crc16CcittFalse(payload.slice(0, -4)))
    return 'CRC (63) does not match'
  const currency = elements.get('53')
  if (currency !== undefined && currency !== '344') return `currency (53) ${currency} is not HKD`
  const stated = elements.get('54')
  if (stated !== undefined && (!isAmount(stated) || toCents(stated) !== toCents(orderAmount)))
    return `amount (54) ${stated} is not the order's ${orderAmount}`
  return undefined
}
