import type { MetaFunction } from '@remix-run/node'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { errorTitle } from '#app/utils/meta'

export const meta: MetaFunction = ({ matches, error }) => [{ title: errorTitle(matches, error) }]

export async function loader() {
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return null
}

export const ErrorBoundary = GeneralErrorBoundary
