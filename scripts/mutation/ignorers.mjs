// @ts-check
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin'

/**
 * Stryker ignorers (stryker.config.mjs `ignorers`): code whose mutants only change text meant for
 * people, never behaviour. Mutating it would only add survivors that hide the ones that matter
 * (docs/development.md#mutation-testing).
 *
 * - `logging`: a call to a logger (`logger.warn(...)`, `core.logger.error(...)`), the statement
 *   that makes it, and an `if` without `else` that does nothing but log (its condition decides only
 *   whether a line is written).
 * - `people-text`: the wording of an error: the `message` of an error's options object
 *   (`new GatewayError({ kind, message })`) and the text given to `new Error(...)`,
 *   `new TypeError(...)`, `new RangeError(...)`, and after the code in
 *   `new WebhookVerificationError(code, ...)`. Its machine-readable parts (`code`, `kind`,
 *   `field`, `param`, the error's class) are still mutated.
 */
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])
const PLAIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError'])

/** @param {any} node */
function isLogger(node) {
  if (node.type === 'Identifier') return node.name === 'logger'
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression')
    return !node.computed && node.property.type === 'Identifier' && node.property.name === 'logger'
  return false
}

/** @param {any} node */
function isLoggingCall(node) {
  if (node?.type !== 'CallExpression' && node?.type !== 'OptionalCallExpression') return false
  const callee = node.callee
  if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return false
  if (callee.computed || callee.property.type !== 'Identifier') return false
  return LEVELS.has(callee.property.name) && isLogger(callee.object)
}

/** @param {any} node a statement */
function onlyLogs(node) {
  if (node?.type === 'ExpressionStatement') return isLoggingCall(node.expression)
  if (node?.type === 'BlockStatement') return node.body.length > 0 && node.body.every(onlyLogs)
  return false
}

/** @param {any} node */
function isLogging(node) {
  if (isLoggingCall(node) || onlyLogs(node)) return true
  return node.type === 'IfStatement' && !node.alternate && onlyLogs(node.consequent)
}

/** @param {any} node */
const isText = (node) => node?.type === 'StringLiteral' || node?.type === 'TemplateLiteral'

/** @param {import('@babel/core').NodePath} path */
function isErrorWording(path) {
  const { node, parent } = path
  if (!isText(node) || !parent) return false
  // `{ message: '...' }` inside `new SomethingError({...})`.
  if (parent.type === 'ObjectProperty' && parent.value === node) {
    const key = parent.key
    const named = key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' && key.value
    const object = path.parentPath?.parent
    const call = path.parentPath?.parentPath?.parent
    return (
      named === 'message' && object?.type === 'ObjectExpression' && call?.type === 'NewExpression'
    )
  }
  // `new TypeError('...')`, and the text after the code in `new WebhookVerificationError(code, '...')`.
  if (parent.type !== 'NewExpression' || parent.callee.type !== 'Identifier') return false
  const index = parent.arguments.indexOf(node)
  const name = parent.callee.name
  return (index === 0 && PLAIN_ERRORS.has(name)) || (index > 0 && name.endsWith('Error'))
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'logging', {
    /** @param {import('@babel/core').NodePath} path */
    shouldIgnore(path) {
      return isLogging(path.node) ? 'a log line: text for people, not behaviour' : undefined
    },
  }),
  declareValuePlugin(PluginKind.Ignore, 'people-text', {
    /** @param {import('@babel/core').NodePath} path */
    shouldIgnore(path) {
      return isErrorWording(path) ? "an error's wording: text for people, not behaviour" : undefined
    },
  }),
]
