import { Hono } from 'hono'
import { ConflictError, NotFoundError } from '../../errors.js'
import { jsonBody, parseWith } from '../../http/validate.js'
import { normalizeAmount } from '../../money.js'
import {
  countOwners,
  findUser,
  listUsers,
  removeUser,
  setRefundLimit,
} from '../../store/console.js'
import { audit } from '../audit.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { createInvite } from '../invites.js'
import { requireOwner } from '../roles.js'
import { inviteBody, refundLimitBody, userIdParam } from '../schemas.js'

/** Users and their refund limits: owners only. */
export function userRoutes(ctx: ConsoleContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()
  const { db } = ctx
  app.use('*', async (c, next) => {
    requireOwner(c.get('session').user)
    return next()
  })

  app.get('/', async (c) => {
    const users = await listUsers(db)
    return c.json({
      data: users.map((u) => ({
        id: u.id,
        name: u.name,
        role: u.role,
        refund_limit: u.refund_limit,
        created_at: new Date(u.created_at).toISOString(),
      })),
    })
  })

  app.post('/invites', async (c) => {
    const body = await jsonBody(c, inviteBody)
    const { user } = c.get('session')
    const now = ctx.now()
    const invite = await createInvite(
      db,
      { role: body.role, name: body.name, createdBy: user.id, consoleUrl: ctx.consoleUrl },
      now,
    )
    await audit(db, {
      user,
      action: 'invite.created',
      detail: { role: body.role, name: body.name },
      ip: c.get('ip'),
      at: now,
    })
    return c.json({ url: invite.url, expires_at: invite.expiresAt.toISOString() }, 201)
  })

  app.put('/:id/refund-limit', async (c) => {
    const { id } = parseWith(userIdParam, { id: c.req.param('id') })
    const body = await jsonBody(c, refundLimitBody)
    const limit = normalizeAmount(body.refund_limit)
    if (!(await setRefundLimit(db, id, limit))) throw userNotFound()
    await audit(db, {
      user: c.get('session').user,
      action: 'user.refund_limit_set',
      detail: { user_id: id, refund_limit: limit },
      ip: c.get('ip'),
      at: ctx.now(),
    })
    return c.json({ id, refund_limit: limit })
  })

  app.delete('/:id', async (c) => {
    const { id } = parseWith(userIdParam, { id: c.req.param('id') })
    const target = await findUser(db, id)
    if (!target) throw userNotFound()
    // The console must keep an owner: otherwise only the server could let anyone in again.
    if (target.role === 'owner' && (await countOwners(db)) <= 1)
      throw new ConflictError({
        code: 'last_owner',
        param: 'id',
        message: 'This is the only owner. Invite another owner first, then remove this one.',
      })
    const now = ctx.now()
    if (!(await removeUser(db, id, now))) throw userNotFound()
    await audit(db, {
      user: c.get('session').user,
      action: 'user.removed',
      detail: { user_id: id, name: target.name },
      ip: c.get('ip'),
      at: now,
    })
    return c.body(null, 204)
  })

  return app
}

function userNotFound(): NotFoundError {
  return new NotFoundError({
    code: 'user_not_found',
    param: 'id',
    message: 'There is no such user (or they were removed). Reload the list.',
  })
}
