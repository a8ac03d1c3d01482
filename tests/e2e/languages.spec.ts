import { expect, type Page, test } from '@playwright/test'
import { LANGS, STRINGS } from '../../demo/public/js/i18n.js'
import { demoUrl } from '../support/env.js'
import { openShop } from '../support/shop.js'

/**
 * Every language renders without missing strings: the demo's own words (every key in every
 * language, none shown as a key or left empty) and the widget's (in Chinese, no English sentence
 * left on the page), switched with the page's language switch, which also drives the widget.
 */

const CJK = /[\u3400-\u9fff]/
/** Two lowercase English words in a row: a sentence that was not translated. */
const ENGLISH_SENTENCE = /\b[a-z]{3,} [a-z]{2,}\b/

test('the demo has every key in every language, none empty', () => {
  const keys = Object.keys(STRINGS.en).sort()
  for (const lang of LANGS) {
    expect(Object.keys(STRINGS[lang]).sort(), lang).toEqual(keys)
    for (const key of keys) expect(STRINGS[lang][key]?.trim(), `${lang} ${key}`).toBeTruthy()
  }
})

/** The visible words of the demo and of the widget on this page, without code samples and logs. */
async function visibleText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]'))
      texts.push(el.textContent.trim())
    for (const host of document.querySelectorAll('eftpay-button')) {
      const base =
        host.shadowRoot?.querySelector<HTMLElement>('[part="base"]') ??
        host.shadowRoot?.firstElementChild
      if (base instanceof HTMLElement)
        texts.push(...base.textContent.split('\n').map((s) => s.trim()))
    }
    return texts.filter(Boolean)
  })
}

for (const lang of LANGS) {
  test(`the shop, the cancel page and the merchant view in ${lang}`, async ({ page }) => {
    await openShop(page) // English first, then the switch, as a visitor would
    await expect(page.locator('#set-button [part="wallet"]').first()).toBeVisible()
    await page.locator(`[data-lang="${lang}"]`).click()
    await expect(page.locator('html')).toHaveAttribute('lang', lang)
    await expect(page.locator('#set-button')).toHaveAttribute('lang', lang)
    await expect(page.locator(`[data-lang="${lang}"]`)).toHaveAttribute('aria-pressed', 'true')
    await expect(page.locator('#menu-grid h3').first()).toHaveText(lang === 'en' ? /\w/ : CJK)

    for (const path of ['/', '/cancel?session_id=cs_none', '/merchant']) {
      if (path !== '/') await page.goto(`${demoUrl()}${path}`)
      await expect(page.locator('html')).toHaveAttribute('lang', lang)
      if (path === '/') await expect(page.locator('#set-button [part="status"]')).not.toBeEmpty()
      const texts = await visibleText(page)
      expect(texts.length).toBeGreaterThan(5)
      for (const text of texts) {
        expect(text, `${path}: a key shown instead of words`).not.toMatch(/^[a-z]+(\.[a-z_]+)+$/)
        expect(text, `${path}: a placeholder left`).not.toMatch(/\{\w+\}|undefined|\[object/)
        // A line with an English sentence and no Chinese at all was not translated (terms such as
        // "API" or "client secret" inside a Chinese sentence are fine).
        if (lang !== 'en' && !CJK.test(text))
          expect(text, `${path}: English left in ${lang}`).not.toMatch(ENGLISH_SENTENCE)
      }
      if (lang !== 'en') expect(texts.join(' ')).toMatch(CJK)
    }
  })
}
