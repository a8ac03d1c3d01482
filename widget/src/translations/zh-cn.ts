import type { Translation } from './translation.js'

/** Simplified Chinese. */
const zhCN: Translation = {
  $code: 'zh-CN',
  wallets: {
    ALIPAYHK: 'AlipayHK 支付宝香港',
    ALIPAYCN: '支付宝',
    WECHATHK: '微信支付香港',
    WECHATCN: '微信支付',
    OCT: '八达通',
    UNIONPAY: '银联',
    ICBCWAP: '工银亚洲',
    AE: '美国运通',
  },
  applePay: '使用 Apple Pay 付款',
  loading: '正在加载支付方式…',
  choose: '选择支付方式',
  total: '总额',
  sandbox: '沙盒模式：不会扣取真实款项',
  working: (w) => `正在启动${w}…`,
  redirecting: (w) => `正在前往${w}…`,
  scan: (w) => `请用手机上的${w}扫码`,
  qr: (w) => `${w}支付二维码`,
  expiresIn: (t) => `${t} 后失效`,
  back: '改用其他支付方式',
  checking: '正在确认支付…',
  paid: '已收到付款，谢谢！',
  failed: '支付未能完成，请再试一次。',
  cancelled: '支付已取消。',
  expired: '此支付已过期。',
  error: '出现错误。',
  retry: '再试一次',
}

export default zhCN
