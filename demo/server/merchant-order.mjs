/** The merchant view of one order: the signer's session, trimmed, never with its client secret. */
export function merchantOrder(ref, session) {
  const payments = (session.payments ?? []).map((p) => ({
    id: p.id,
    wallet: p.wallet,
    service: p.service,
    status: p.status,
    out_trade_no: p.out_trade_no,
    eft_trade_no: p.eft_trade_no,
  }))
  const paid = payments.find((p) => p.status === 'succeeded')
  return {
    id: session.id,
    source: ref.source,
    created_at: session.created_at ?? ref.created_at,
    status: session.status,
    amount: session.amount,
    currency: session.currency,
    subject: session.subject,
    body: session.body,
    reference: session.reference,
    amount_paid: session.amount_paid,
    amount_refunded: session.amount_refunded,
    wallet: (paid ?? payments.at(-1))?.wallet,
    service: (paid ?? payments.at(-1))?.service,
    payments,
    refunds: (session.refunds ?? []).map((r) => ({
      id: r.id,
      amount: r.amount,
      status: r.status,
      created_at: r.created_at,
    })),
  }
}
