/** Paths where API clients may authenticate with a bearer token; everywhere else a token opens nothing. */
export function isApiPath(pathname: string) {
  return pathname.startsWith('/api/') || pathname.startsWith('/open311/')
}

/** Whether a request must be refused before any route runs: a bearer token off the API paths is never a login. */
export function refusesBearer(pathname: string, authorization: string | null | undefined) {
  return !!authorization && /^bearer\s/i.test(authorization) && !isApiPath(pathname)
}
