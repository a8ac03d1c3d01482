import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { loadTranslation, pickLang, translation } from '../internal/locale.js'
import en from '../translations/en.js'
import type { Lang, Translation } from '../translations/translation.js'

/**
 * Gives an element its language from its `lang`, then `<html lang>`, then the browser's, then
 * English, and re-renders it when `<html lang>` changes. Languages other than English are lazy
 * chunks: until the one in use has arrived the element speaks English, and re-renders when it does.
 */
export class LocalizeController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement
  readonly #observer: MutationObserver

  constructor(host: ReactiveControllerHost & HTMLElement) {
    ;(this.#host = host).addController(this)
    // Created here, not at import: importing on a server touches no DOM.
    this.#observer = new MutationObserver(() => host.requestUpdate())
  }

  hostConnected(): void {
    this.#observer.observe(document.documentElement, { attributeFilter: ['lang'] })
  }

  hostDisconnected(): void {
    this.#observer.disconnect()
  }

  /** The language in use now. */
  get lang(): Lang {
    return pickLang([this.#host.lang, document.documentElement.lang, ...navigator.languages])
  }

  /** The texts in the language in use now (English until its chunk has arrived). */
  get t(): Translation {
    const lang = this.lang
    const t = translation(lang)
    if (t) return t
    this.ready().then(() => this.#host.requestUpdate())
    return en
  }

  /** Settles when the texts of the language in use now are loaded (or given up for English). */
  ready(): Promise<Translation> {
    return loadTranslation(this.lang)
  }
}
