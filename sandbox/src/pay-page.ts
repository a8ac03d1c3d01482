import { generate } from 'lean-qr'
import { toSvgSource } from 'lean-qr/extras/svg'
import { centsToAmount } from './amounts.js'
import type { SaleStatus, SandboxOrder } from './orders.js'

/**
 * The hosted pay page a shopper lands on (`GET /sandbox/pay/:eft_trade_no`) and the result page
 * after a choice. Plain HTML forms, no script, a stylesheet from the same origin: it works under a
 * strict CSP. Every interpolated value is escaped. Text follows the order's `lang` (en, hk, cn).
 */

const WALLETS: Readonly<Record<string, { name: string; mark: string }>> = {
  ALIPAYHK: { name: 'AlipayHK', mark: 'A' },
  ALIPAYCN: { name: 'Alipay', mark: 'A' },
  ALIPAYBOTH: { name: 'Alipay / AlipayHK', mark: 'A' },
  WECHATHK: { name: 'WeChat Pay HK', mark: 'W' },
  WECHATCN: { name: 'WeChat Pay', mark: 'W' },
  PAYME: { name: 'PayMe', mark: 'P' },
  OCT: { name: 'Octopus', mark: 'O' },
  BOCVMPUPI: { name: 'BOCPay', mark: 'B' },
  UNIONPAY: { name: 'UnionPay', mark: 'U' },
  ICBCWAP: { name: 'ICBC', mark: 'I' },
  MPGS: { name: 'Visa / Mastercard', mark: 'C' },
  AE: { name: 'American Express', mark: 'AE' },
  FPS: { name: 'FPS', mark: 'F' },
}

type Lang = 'en' | 'hk' | 'cn'

const TEXT = {
  en: {
    banner: 'This is a test page. No real money moves.',
    pay: 'Pay',
    merchant: 'Merchant',
    item: 'Item',
    amount: 'Amount',
    order: 'eftPay order',
    success: 'Pay now (success)',
    fail: 'Decline (fail)',
    cancel: 'Cancel payment',
    scan: 'Scan with your phone to open this page there',
    scanCode: 'The code eftPay returned (qr_code): scan it with the wallet app',
    back: 'Return to merchant',
    redirecting: 'Taking you back to the merchant in a few seconds.',
    noReturn: 'You can close this window.',
    TRADE_SUCCESS: 'Payment successful',
    TRADE_FAIL: 'Payment failed',
    TRADE_CLOSED: 'Payment closed',
    TRADE_PROCESSING: 'Payment is still processing',
    notFound: 'No such eftPay order.',
    done: 'This order is no longer waiting for payment.',
  },
  hk: {
    banner: '這是測試頁面，不會涉及真實款項。',
    pay: '支付',
    merchant: '商戶',
    item: '商品',
    amount: '金額',
    order: 'eftPay 訂單',
    success: '立即支付（成功）',
    fail: '拒絕（失敗）',
    cancel: '取消支付',
    scan: '用手機掃描，在手機上開啟此頁',
    scanCode: 'eftPay 傳回的付款碼（qr_code）：用錢包應用程式掃描',
    back: '返回商戶',
    redirecting: '數秒後返回商戶。',
    noReturn: '你可以關閉此視窗。',
    TRADE_SUCCESS: '支付成功',
    TRADE_FAIL: '支付失敗',
    TRADE_CLOSED: '支付已關閉',
    TRADE_PROCESSING: '支付處理中',
    notFound: '沒有這張 eftPay 訂單。',
    done: '此訂單已不再等待付款。',
  },
  cn: {
    banner: '这是测试页面，不会涉及真实款项。',
    pay: '支付',
    merchant: '商户',
    item: '商品',
    amount: '金额',
    order: 'eftPay 订单',
    success: '立即支付（成功）',
    fail: '拒绝（失败）',
    cancel: '取消支付',
    scan: '用手机扫描，在手机上打开此页',
    scanCode: 'eftPay 返回的付款码（qr_code）：用钱包应用扫描',
    back: '返回商户',
    redirecting: '数秒后返回商户。',
    noReturn: '你可以关闭此窗口。',
    TRADE_SUCCESS: '支付成功',
    TRADE_FAIL: '支付失败',
    TRADE_CLOSED: '支付已关闭',
    TRADE_PROCESSING: '支付处理中',
    notFound: '没有这张 eftPay 订单。',
    done: '此订单已不再等待付款。',
  },
} as const satisfies Record<Lang, Record<string, string>>

const HTML_LANG: Record<Lang, string> = { en: 'en', hk: 'zh-HK', cn: 'zh-CN' }

/** PayMe UAT notes shown on the page (sandbox/README.md): what any button does for these amounts. */
const PAYME_NOTES: Record<string, string> = {
  success: 'PayMe UAT amount .81: any button completes a successful payment.',
  fail: 'PayMe UAT amount .77: any button ends in a failed payment.',
  timeout: 'PayMe UAT amount .80: a timeout. The payment stays processing until the order expires.',
  'no-state':
    'PayMe UAT amount .45: a server error with no state. The order stays without a result until it expires.',
}

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  )
}

function langOf(order: SandboxOrder | undefined): Lang {
  return order?.lang === 'hk' || order?.lang === 'cn' ? order.lang : 'en'
}

function money(order: SandboxOrder): string {
  const symbol = order.currency === 'CNY' ? 'CN¥' : 'HK$'
  return `${symbol}${centsToAmount(order.amountCents)}`
}

/** An inline SVG QR code of `url` (lean-qr): no image request, nothing for the CSP to block. */
export function qrSvg(url: string): string {
  const svg = toSvgSource(generate(url), { on: '#000', off: '#fff', pad: 4 })
  return svg.replace('<svg ', '<svg role="img" aria-label="QR code" focusable="false" ')
}

function layout(lang: Lang, title: string, walletCode: string | undefined, main: string): string {
  const t = TEXT[lang]
  const cls = walletCode && WALLETS[walletCode] ? ` class="wallet-${escapeHtml(walletCode)}"` : ''
  return `<!doctype html>
<html lang="${HTML_LANG[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>eftPay SANDBOX · ${escapeHtml(title)}</title>
<link rel="stylesheet" href="../assets/pay.css">
</head>
<body${cls}>
<div class="sandbox-banner" role="note"><strong>eftPay SANDBOX</strong> · ${escapeHtml(t.banner)}</div>
<main>
${main}
</main>
<footer>eftPay SANDBOX · simulator</footer>
</body>
</html>
`
}

function brandHeader(order: SandboxOrder): string {
  const look = WALLETS[order.wallet] ?? { name: order.wallet, mark: '?' }
  return `<div class="brand"><span class="mark" aria-hidden="true">${escapeHtml(look.mark)}</span><span>${escapeHtml(look.name)}</span></div>`
}

function details(order: SandboxOrder, merchantName: string, lang: Lang): string {
  const t = TEXT[lang]
  const row = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`
  return `<dl>
${row(t.merchant, escapeHtml(merchantName))}
${row(t.item, escapeHtml(order.subject))}
${row(t.amount, `${escapeHtml(order.currency)} ${centsToAmount(order.amountCents)}`)}
${row(t.order, `<code>${escapeHtml(order.eftTradeNo)}</code>`)}
</dl>`
}

export interface PayPageOptions {
  merchantName: string
  /** The page's own absolute URL, encoded in the QR code. */
  selfUrl: string
  status: SaleStatus
}

/** The pay page: the wallet's look, merchant, item, amount and the three outcome buttons. */
export function renderPayPage(order: SandboxOrder, options: PayPageOptions): string {
  const lang = langOf(order)
  const t = TEXT[lang]
  const title = `${t.pay} ${money(order)}`
  const waiting = options.status === 'TRADE_PROCESSING'
  const note =
    order.payme && PAYME_NOTES[order.payme]
      ? `<p class="note">${escapeHtml(PAYME_NOTES[order.payme] ?? '')}</p>`
      : ''
  // A QR-scene order shows the code eftPay returned; a phone-paid wallet on a desktop, the page itself.
  const qr =
    waiting && order.showQr
      ? `<figure>${qrSvg(order.qrCode ?? options.selfUrl)}<figcaption>${escapeHtml(order.qrCode ? t.scanCode : t.scan)}</figcaption></figure>`
      : ''
  const actions = waiting
    ? `<form method="post" action="${escapeHtml(order.eftTradeNo)}" class="actions">
<button type="submit" name="outcome" value="success" class="primary">${escapeHtml(t.success)}</button>
<button type="submit" name="outcome" value="fail">${escapeHtml(t.fail)}</button>
<button type="submit" name="outcome" value="cancel">${escapeHtml(t.cancel)}</button>
</form>`
    : `<p class="status status-${options.status}" role="status">${escapeHtml(t[options.status])}. ${escapeHtml(t.done)}</p>`
  return layout(
    lang,
    title,
    order.wallet,
    `<div class="card">
${brandHeader(order)}
<div class="content">
<h1>${escapeHtml(title)}</h1>
${details(order, options.merchantName, lang)}
${note}
${qr}
${actions}
</div>
</div>`,
  )
}

export interface ResultPageOptions {
  merchantName: string
  status: SaleStatus
  /** Where the "Return to merchant" button POSTs the signed return payload (docs/protocol.md, "Notification"). */
  returnUrl?: string
  returnFields?: Record<string, string>
  /** The `<meta http-equiv="refresh">` fallback target (a GET). */
  refreshUrl?: string
  refreshSeconds?: number
}

/** The page after a choice: the result and, when there is a `return_url`, the way back. */
export function renderResultPage(order: SandboxOrder, options: ResultPageOptions): string {
  const lang = langOf(order)
  const t = TEXT[lang]
  const heading = t[options.status]
  const back = options.returnUrl
    ? `<form method="post" action="${escapeHtml(options.returnUrl)}" class="actions">
${Object.entries(options.returnFields ?? {})
  .map(
    ([name, value]) =>
      `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
  )
  .join('\n')}
<button type="submit" class="primary">${escapeHtml(t.back)}</button>
</form>
<p>${escapeHtml(t.redirecting)}</p>`
    : `<p>${escapeHtml(t.noReturn)}</p>`
  const page = layout(
    lang,
    heading,
    order.wallet,
    `<div class="card">
${brandHeader(order)}
<div class="content">
<h1 class="status status-${options.status}">${escapeHtml(heading)}</h1>
${details(order, options.merchantName, lang)}
${back}
</div>
</div>`,
  )
  if (!options.refreshUrl) return page
  const refresh = `<meta http-equiv="refresh" content="${options.refreshSeconds ?? 5};url=${escapeHtml(options.refreshUrl)}">`
  return page.replace(
    '<meta name="robots" content="noindex">',
    `<meta name="robots" content="noindex">\n${refresh}`,
  )
}

/** The page for an unknown `eft_trade_no`. */
export function renderNotFound(): string {
  return layout(
    'en',
    'Not found',
    undefined,
    `<div class="card"><div class="content"><h1>${escapeHtml(TEXT.en.notFound)}</h1></div></div>`,
  )
}
