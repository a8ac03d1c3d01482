import type { Translation } from './translation.js'

/** Traditional Chinese (Hong Kong). */
const zhHK: Translation = {
  $code: 'zh-HK',
  wallets: {
    ALIPAYHK: 'AlipayHK 支付寶香港',
    ALIPAYCN: '支付寶',
    WECHATHK: '微信支付香港',
    WECHATCN: '微信支付',
    OCT: '八達通',
    UNIONPAY: '銀聯',
    ICBCWAP: '工銀亞洲',
    AE: '美國運通',
  },
  applePay: '使用 Apple Pay 付款',
  loading: '正在載入付款方式…',
  choose: '選擇付款方式',
  total: '總額',
  sandbox: '沙盒模式：不會扣取真實款項',
  working: (w) => `正在啟動${w}…`,
  redirecting: (w) => `正在前往${w}…`,
  scan: (w) => `請用手機上的${w}掃描`,
  qr: (w) => `${w}付款二維碼`,
  expiresIn: (t) => `${t} 後失效`,
  back: '改用其他付款方式',
  checking: '正在確認付款…',
  paid: '已收到付款，謝謝！',
  failed: '付款未能完成，請再試一次。',
  cancelled: '付款已取消。',
  expired: '此付款已逾時。',
  error: '發生錯誤。',
  retry: '再試一次',
}

export default zhHK
