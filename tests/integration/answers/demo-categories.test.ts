import { eq } from 'drizzle-orm'
import { getPipeline, processQueue } from '#app/services/nlp.server'
import { DEMO_FAQ } from '#db/demo-data'
import { listPublishedAnswers } from '#db/queries/answers'
import { answers as answersTable, complaints } from '#db/schema/index'
import { seedDemo } from '#db/seed'
import { walkTaxonomy } from '#nlp/taxonomy'
import { createTestDb } from '#tests/db-utils'

describe('the demo answers are filed where the taxonomy files their matter', () => {
  test('each one, reply or frequent question, carries the path the classifier gives it, down to its subcategory', async () => {
    const db = createTestDb()
    await seedDemo(db)
    // The residents' questions are classified as the server does at start, and their answers follow.
    while (processQueue(db).length);
    const { classifier, taxonomy } = getPipeline(db)
    const paths = new Set(walkTaxonomy(taxonomy).map(n => n.path.join('/')))
    const answers = listPublishedAnswers(db).map(a => ({
      ...a,
      complaintId: db.select({ id: answersTable.complaintId }).from(answersTable).where(eq(answersTable.id, a.id)).get()?.id,
    }))
    expect(answers.length).toBeGreaterThan(DEMO_FAQ.length)
    const filed = answers.map(a => {
      // A reply is about its complaint's matter, as the resident wrote it; a frequent question about its question and reply.
      const c = a.complaintId ? db.select().from(complaints).where(eq(complaints.id, a.complaintId)).get() : undefined
      const read = c
        ? classifier.classify({ subject: c.subject ?? '', text: `${c.placeText ?? ''} ${c.body}` })
        : classifier.classify({ subject: a.publicQuestion, text: a.publicReply })
      const expected = read.path
      return { question: a.publicQuestion, path: a.categoryPath ?? [], expected, reply: !!c }
    })
    // The one frequent question about the platform itself is filed under no matter.
    expect(filed.filter(f => !f.path.length).map(f => f.question)).toEqual(DEMO_FAQ.filter(f => !f.categoryPath).map(f => f.question))
    for (const f of filed.filter(f => f.path.length)) {
      expect(paths.has(f.path.join('/')), f.question).toBe(true)
      // Replies classified at start were read by the classifier with the corrections workers taught it: their subcategory may differ.
      if (f.reply) expect([f.path[0], f.path.length], f.question).toEqual([f.expected[0], f.expected.length])
      else expect(f.path, f.question).toEqual(f.expected)
    }
    // What a resident's complaint form files 广场舞 noise under, a follower of 环境保护 finds the reply under.
    expect(filed.find(f => f.question.includes('广场舞'))?.path).toEqual(['环境保护', '噪音污染'])
  }, 120_000)
})
