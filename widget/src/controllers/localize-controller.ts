import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { pickLang, translation } from '../internal/locale.js'
import type { Lang, Translation } from '../translations/translation.js'

/**
 * Gives an element its language from its `lang`, then `<html lang>`, then the browser's, then
 * English, and re-renders it when `<html lang>` changes.
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

  /** The texts in the language in use now. */
  get t(): Translation {
    return translation(this.lang)
  }
}
