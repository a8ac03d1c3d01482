import type { SandboxOrder } from './orders.js'

/**
 * The `qr_code` the QR scene answers (docs/protocol.md, "Merchant-presented QR scene"). eftPay's
 * pages do not show one, so the shapes are the sandbox's reading of what each scheme's apps scan:
 *
 * - FPS: an EMVCo merchant-presented payload (the format of Hong Kong's common FPS QR code):
 *   `00` format, `01` dynamic, `26` FPS merchant account (`hk.com.hkicl`), `53` currency `344`
 *   (HKD) or `156` (CNY), `54` amount, `58` `HK`, `59` merchant, `60` city, `62`/`05` reference
 *   (the order's `out_trade_no`, when it fits), a sandbox template `80` holding this order's pay
 *   page, and `63` the CRC-16/CCITT-FALSE of everything before its value.
 * - PayMe, Alipay, WeChat: a link; in the sandbox the order's pay page, which a second device
 *   (a phone, a test) opens to pay or cancel.
 */

/** One EMVCo tag-length-value element; lengths are two digits, so a value holds at most 99 characters. */
function tlv(tag: string, value: string): string {
  return `${tag}${String(value.length).padStart(2, '0')}${value}`
}

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as EMVCo's tag 63 carries it: 4 upper-case hex digits. */
export function emvCrc(text: string): string {
  let crc = 0xffff
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0')
}

/** Keeps the printable ASCII an EMVCo field may hold, cut to `max` characters. */
function ascii(value: string, max: number): string {
  return value.replace(/[^\x20-\x7e]/g, '').slice(0, max) || 'NA'
}

/** The sandbox's FPS payload for an order whose pay page is `payUrl`. */
export function fpsPayload(order: SandboxOrder, payUrl: string): string {
  const reference = order.outTradeNo.length <= 25 ? tlv('05', order.outTradeNo) : ''
  // The pay page rides in an unreserved template (80–99) when it fits two-digit lengths.
  const sandboxTemplate = tlv('00', 'hk.eftpay.sandbox') + tlv('01', payUrl)
  const parts = [
    tlv('00', '01'),
    tlv('01', '12'),
    tlv('26', tlv('00', 'hk.com.hkicl') + tlv('02', '0000000')),
    tlv('52', '0000'),
    tlv('53', order.currency === 'CNY' ? '156' : '344'),
    tlv('54', order.amount),
    tlv('58', 'HK'),
    tlv('59', ascii('eftPay Sandbox Merchant', 25)),
    tlv('60', 'Hong Kong'),
    reference ? tlv('62', reference) : '',
    sandboxTemplate.length <= 99 ? tlv('80', sandboxTemplate) : '',
  ]
  const body = `${parts.join('')}6304`
  return `${body}${emvCrc(body)}`
}

/** The `qr_code` of an order placed through the QR scene. */
export function qrCodeFor(order: SandboxOrder, publicUrl: string): string {
  const payUrl = `${publicUrl}/pay/${order.eftTradeNo}`
  return order.payType === 'FPS' ? fpsPayload(order, payUrl) : payUrl
}
