/** Paths where API clients may authenticate with a bearer token; everywhere else a token opens nothing. */
export function isApiPath(pathname: string) {
  return pathname.startsWith('/api/') || pathname.startsWith('/open311/')
}
