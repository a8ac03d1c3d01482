// The anchor: Adyen's Web Drop-in with the card component, as their docs mount it with the npm
// package (tree-shakable imports). Built by bench/src/anchor.ts with the same bundler and minifier
// as the widget's script-tag file.
import { AdyenCheckout, Card, Dropin } from '@adyen/adyen-web'

export async function mountDropin(container, configuration) {
  const checkout = await AdyenCheckout(configuration)
  return new Dropin(checkout, { paymentMethodComponents: [Card] }).mount(container)
}
