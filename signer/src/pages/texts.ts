import type { PageLang } from './lang.js'

/** What the hosted checkout and payment link pages say, in the widget's three languages. */
export interface PageTexts {
  languageName: string
  payTitle: (merchant: string) => string
  order: string
  total: string
  quantity: string
  amount: string
  amountRange: (min: string, max: string) => string
  pay: string
  missingSecret: string
  linkInactive: string
  linkExpired: string
  linkSoldOut: string
  linkNotFound: string
  thanks: string
  waiting: string
  notPaid: string
  errors: {
    amountFormat: string
    amountOutside: (min: string, max: string) => string
    quantityOutside: (min: number, max: number) => string
  }
}

const en: PageTexts = {
  languageName: 'English',
  payTitle: (m) => `Pay ${m}`,
  order: 'Your order',
  total: 'Total',
  quantity: 'Quantity',
  amount: 'Amount',
  amountRange: (min, max) => `Between ${min} and ${max}`,
  pay: 'Continue to payment',
  missingSecret: 'This payment page has lost its key. Open the link you were given again.',
  linkInactive: 'This payment link is no longer active.',
  linkExpired: 'This payment link has expired.',
  linkSoldOut: 'Sold out: this payment link has reached its number of payments.',
  linkNotFound: 'There is no such payment link.',
  thanks: 'Thank you: your payment was received.',
  waiting: 'Waiting for the payment to be confirmed…',
  notPaid: 'This payment was not completed.',
  errors: {
    amountFormat: 'Amount: enter a number with at most 2 decimals, like 50.00.',
    amountOutside: (min, max) => `Amount: enter an amount between ${min} and ${max}.`,
    quantityOutside: (min, max) => `Quantity: choose between ${min} and ${max}.`,
  },
}

const zhHK: PageTexts = {
  languageName: '繁體中文',
  payTitle: (m) => `付款予 ${m}`,
  order: '你的訂單',
  total: '總額',
  quantity: '數量',
  amount: '金額',
  amountRange: (min, max) => `介乎 ${min} 至 ${max}`,
  pay: '前往付款',
  missingSecret: '此付款頁面已失去其密鑰，請重新打開你收到的連結。',
  linkInactive: '此付款連結已停用。',
  linkExpired: '此付款連結已過期。',
  linkSoldOut: '已售罄：此付款連結的付款次數已滿。',
  linkNotFound: '找不到此付款連結。',
  thanks: '謝謝，已收到你的付款。',
  waiting: '正在等待付款確認…',
  notPaid: '此付款未有完成。',
  errors: {
    amountFormat: '金額：請輸入最多兩位小數的數字，例如 50.00。',
    amountOutside: (min, max) => `金額：請輸入介乎 ${min} 至 ${max} 的金額。`,
    quantityOutside: (min, max) => `數量：請選擇 ${min} 至 ${max}。`,
  },
}

const zhCN: PageTexts = {
  languageName: '简体中文',
  payTitle: (m) => `付款给 ${m}`,
  order: '你的订单',
  total: '总额',
  quantity: '数量',
  amount: '金额',
  amountRange: (min, max) => `介于 ${min} 至 ${max}`,
  pay: '前往付款',
  missingSecret: '此付款页面已失去其密钥，请重新打开你收到的链接。',
  linkInactive: '此付款链接已停用。',
  linkExpired: '此付款链接已过期。',
  linkSoldOut: '已售罄：此付款链接的付款次数已满。',
  linkNotFound: '找不到此付款链接。',
  thanks: '谢谢，已收到你的付款。',
  waiting: '正在等待付款确认…',
  notPaid: '此付款未完成。',
  errors: {
    amountFormat: '金额：请输入最多两位小数的数字，例如 50.00。',
    amountOutside: (min, max) => `金额：请输入介于 ${min} 至 ${max} 的金额。`,
    quantityOutside: (min, max) => `数量：请选择 ${min} 至 ${max}。`,
  },
}

export const TEXTS: Record<PageLang, PageTexts> = { en, 'zh-HK': zhHK, 'zh-CN': zhCN }
