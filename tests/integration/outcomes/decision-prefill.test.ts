import { beforeEach, describe, expect, it } from 'vitest'
import NewDecision, * as decisionNew from '#app/routes/_outcomes+/decisions.new'
import type { Db } from '#db/client'
import { meetingEvents, meetings } from '#db/schema/index'
import { callRoute, createLoggedInUser, createTestDb, insertTopic, makeRequest, seedTestUnits } from '#tests/db-utils'
import { renderPage } from '#tests/render-page'

let db: Db
let meetingId: number
let cookie: string
let seq: number
beforeEach(async () => {
  db = createTestDb()
  const u = seedTestUnits(db)
  const topic = insertTopic(db, { unitId: u.czq.id, status: 'approved', title: '小河小学路口拥堵' })
  meetingId = db
    .insert(meetings)
    .values({ topicId: topic.id, title: '路口议事会', mode: 'in_person', startsAt: new Date(Date.now() - 86_400_000), status: 'ended', checkInToken: 't' })
    .returning()
    .get().id
  cookie = (await createLoggedInUser(db, 'community_worker', 'gs-czq')).cookie
  seq = 0
})

/** Append an event to the meeting's log; its sequence number. */
function log(type: string, payload: Record<string, unknown>) {
  db.insert(meetingEvents).values({ meetingId, seq: ++seq, type, payload }).run()
  return seq
}

const vote = (question: string, proposalSeq?: number) => {
  const voteSeq = log('vote.open', { question, kind: 'single', options: ['同意', '反对'], ...(proposalSeq ? { proposalSeq } : {}) })
  log('vote.close', { voteSeq })
  return voteSeq
}

/** The form as the recorder first sees it: the vote it has chosen and what it says it filled in. */
async function form() {
  const path = `/decisions/new?meetingId=${meetingId}`
  const res = await callRoute(decisionNew.loader, makeRequest(path, { cookie }))
  expect(res.status).toBe(200)
  const html = await renderPage(NewDecision, { path, locale: 'zh', loaderData: await res.json() })
  const select = /<select[^>]*name="voteSeq"[^>]*>(.*?)<\/select>/s.exec(html)![1]!
  const chosen = /<option[^>]*value="([^"]*)"[^>]*selected=""/.exec(select)?.[1] ?? ''
  const note = /<p class="hint" role="note">(.*?)<\/p>/.exec(html)?.[1] ?? null
  return { chosen, note }
}

describe('the decision form starts from what the meeting did', () => {
  it('takes the meeting’s only closed vote when the adopted proposal names none, and says how it chose it', async () => {
    const proposal = log('proposal.draft', { title: '错峰放学', text: '三个年级错开 15 分钟放学', fromSeqs: [] })
    const voteSeq = vote('是否同意错峰放学')
    log('proposal.decide', { proposalSeq: proposal, outcome: 'adopted' })
    expect(await form()).toEqual({
      chosen: String(voteSeq),
      note: '已按议事会通过的方案填写标题和说明；方案没有关联表决，已选中本次会议唯一结束的表决。请核对后补充可量化目标。',
    })

    // A later proposal adopted by its own vote: that vote, and the form says both were filled in.
    const later = log('proposal.draft', { title: '增设护学岗', text: '上下学高峰各 30 分钟', fromSeqs: [] })
    const carried = vote('是否增设护学岗', later)
    log('proposal.decide', { proposalSeq: later, outcome: 'adopted', voteSeq: carried })
    expect(await form()).toEqual({ chosen: String(carried), note: '已按议事会通过的方案和表决预先填写，请核对后补充可量化目标。' })
  })

  it('chooses no vote among several, and says only the proposal was filled in', async () => {
    const proposal = log('proposal.draft', { title: '错峰放学', text: '三个年级错开 15 分钟放学', fromSeqs: [] })
    vote('是否同意错峰放学')
    vote('是否增设护学岗')
    log('proposal.decide', { proposalSeq: proposal, outcome: 'adopted' })
    expect(await form()).toEqual({
      chosen: '',
      note: '已按议事会通过的方案填写标题和说明；没有与方案关联的表决，请在“对应的表决”中选择，协商一致则保留“未表决”。',
    })
  })

  it('does not take the only vote when it was about another proposal', async () => {
    const rejected = log('proposal.draft', { title: '封闭路口', text: '高峰时段封闭路口', fromSeqs: [] })
    vote('是否封闭路口', rejected)
    log('proposal.decide', { proposalSeq: rejected, outcome: 'rejected' })
    const adopted = log('proposal.draft', { title: '错峰放学', text: '三个年级错开 15 分钟放学', fromSeqs: [] })
    log('proposal.decide', { proposalSeq: adopted, outcome: 'adopted' })
    expect(await form()).toEqual({
      chosen: '',
      note: '已按议事会通过的方案填写标题和说明；没有与方案关联的表决，请在“对应的表决”中选择，协商一致则保留“未表决”。',
    })
  })
})
