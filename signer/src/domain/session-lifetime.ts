/**
 * A session's lifetime (`expires_in`), in seconds: the one rule the API schema (and so the OpenAPI
 * document) and the domain's own check share. Constants only, so the widget's contract test can
 * import the API schema without pulling in Node modules.
 */
export const MIN_SESSION_LIFETIME_SECONDS = 60
export const MAX_SESSION_LIFETIME_SECONDS = 86_400
