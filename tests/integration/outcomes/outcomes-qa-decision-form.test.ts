import { beforeEach, describe, expect, it } from 'vitest'
import * as newDecision from '#app/routes/_outcomes+/decisions.new'
import { callRoute, makeRequest } from '#tests/db-utils'
import { control, describedBy, renderPage } from '#tests/render-page'
import { outcomeScenario, type Scenario } from './fixtures'

// Recording a decision without a meeting: every problem is named in one answer,
// beside the fields that have it, so nobody sends the form twice to learn the next one.

let s: Scenario
beforeEach(async () => {
  s = await outcomeScenario()
})

async function post(form: Record<string, string>) {
  const cookie = `${s.users.street.cookie}; th_prefs=en.0.0`
  const res = await callRoute(newDecision.action, makeRequest('/decisions/new', { cookie, form }))
  const actionData = (await res.json()) as object
  const loaderData = (await (await callRoute(newDecision.loader, makeRequest('/decisions/new', { cookie }))).json()) as object
  return { status: res.status, html: await renderPage(newDecision.default, { path: '/decisions/new', locale: 'en', loaderData, actionData }) }
}

describe('the form that records a decision', () => {
  it('sent empty, names both the missing topic and the missing title', async () => {
    const { status, html } = await post({ topicId: '', title: '' })
    expect(status).toBe(400)
    expect(control(html, 'topicId')).toContain('aria-invalid="true"')
    expect(describedBy(html, 'topicId')).toContain('Please choose a topic.')
    expect(control(html, 'title')).toContain('aria-invalid="true"')
  })

  it('a target row begun but not finished: the cells at fault are marked and point to the row’s message', async () => {
    const { status, html } = await post({ topicId: String(s.topic.id), title: '增设临时停车位', 'targets[0].metric': '停车位', 'targets[0].baseline': '0' })
    expect(status).toBe(400)
    const message = 'A target needs a metric, a baseline and a target value (numbers).'
    expect(control(html, 'targets\\[0\\]\\.target')).toContain('aria-invalid="true"')
    expect(describedBy(html, 'targets\\[0\\]\\.target')).toContain(message)
    // What was filled in is not at fault.
    expect(control(html, 'targets\\[0\\]\\.metric')).not.toContain('aria-invalid')
    expect(control(html, 'targets\\[0\\]\\.baseline')).not.toContain('aria-invalid')
    // Rows left empty are not marked.
    expect(control(html, 'targets\\[1\\]\\.metric')).not.toContain('aria-invalid')
  })
})
