/**
 * The base of every `eftpay-*` event: bubbles and is composed (it leaves the shadow root and any
 * shadow root the element sits in), with a typed `detail`. Each event is its own small subclass
 * that fixes the name and the shape of its detail, and adds itself to `GlobalEventHandlersEventMap`.
 */
export abstract class EftpayEvent<Detail> extends Event {
  /** What happened, typed per event. */
  readonly detail: Detail

  constructor(type: string, detail: Detail, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable })
    this.detail = detail
  }
}
