import { GeneralErrorBoundary } from '#app/components/error-boundary'

export async function loader() {
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return null
}

export const ErrorBoundary = GeneralErrorBoundary
