import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, ts } from './_helpers'
import { complaints } from './complaints'
import { units } from './units'
import { users } from './users'

/**
 * The reply library: one row per answered question. A complaint's official reply
 * (written by staff or imported) becomes a `reply` entry; staff also write `faq`
 * entries assembled from several replies. Nothing is public until a worker
 * approves it: `publicQuestion`, `publicText` and `publicReply` are the scrubbed
 * texts shown to everyone, `reply` is the reply as sent (staff only).
 */
export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').$type<'reply' | 'faq'>().notNull(),
    /** The answered complaint (reply entries); null for FAQ entries. */
    complaintId: integer('complaint_id').references(() => complaints.id, { onDelete: 'cascade' }),
    /** The reply as written or imported; may hold personal data, never shown publicly. */
    reply: text('reply').notNull(),
    repliedAt: ts('replied_at').notNull(),
    /** pending → published | rejected; published ⇄ withdrawn (found wrong, may be published again); `private` for petitions, which are never published. */
    status: text('status').$type<'pending' | 'published' | 'rejected' | 'withdrawn' | 'private'>().notNull().default('pending'),
    publicQuestion: text('public_question').notNull(),
    publicText: text('public_text').notNull().default(''),
    publicReply: text('public_reply').notNull(),
    categoryPath: text('category_path', { mode: 'json' }).$type<string[]>(),
    communityId: integer('community_id').references(() => units.id),
    /** FAQ entries: the answers they were assembled from. */
    sourceIds: text('source_ids', { mode: 'json' }).$type<number[]>(),
    reviewedById: integer('reviewed_by_id').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    publishedAt: ts('published_at'),
    views: integer('views').notNull().default(0),
    helpful: integer('helpful').notNull().default(0),
    notHelpful: integer('not_helpful').notNull().default(0),
    /** "This answers my question" on the complaint form: an inquiry that was not filed. */
    inquiriesAvoided: integer('inquiries_avoided').notNull().default(0),
    createdAt: createdAt(),
    /** Set when a published answer changes without a new review (its complaint was recategorised): caches of the library compare it. */
    updatedAt: ts('updated_at'),
    /** FAQ entries: when a worker last confirmed the entry still right or updated it; its review flags count from then. */
    confirmedAt: ts('confirmed_at'),
    /** FAQ entries: when a worker last changed its public question or answer in place; the answer page says "updated". */
    revisedAt: ts('revised_at'),
    /** Withdrawn answers: when and by whom; its address then says it was withdrawn on that day, and shows nothing of it. */
    withdrawnAt: ts('withdrawn_at'),
    withdrawnById: integer('withdrawn_by_id').references(() => users.id),
    /** Why, for staff only: a reason chosen from the list, or `other`, and the worker's own words. */
    withdrawnReason: text('withdrawn_reason'),
    withdrawnNote: text('withdrawn_note'),
    /**
     * A published reply's complaint given a newer reply: the published version stays online (search, FAQ sources,
     * its address) while the newer one, scrubbed, awaits review (`pending`) or was kept out of the library (`rejected`).
     * The complainant reads the newer one. Publishing it replaces the public reply in place; null when there is none.
     * Once published, `updateRepliedAt` alone stays: the day the reply now held was written, for its complainant, while
     * `repliedAt` keeps the day of the first reply (答复于) and `revisedAt` the day of the update (更新于).
     */
    updateStatus: text('update_status').$type<'pending' | 'rejected'>(),
    updateReply: text('update_reply'),
    updatePublicReply: text('update_public_reply'),
    updateRepliedAt: ts('update_replied_at'),
  },
  t => [uniqueIndex('answers_complaint_uq').on(t.complaintId), index('answers_status_idx').on(t.status, t.publishedAt)],
)

/**
 * A signed-in resident's verdict on an answer, one per account: a new verdict
 * replaces it, and the answer's counts move with it. `avoided`: the answer
 * settled a question they were about to file (that is also a helpful verdict).
 * Anonymous visitors' verdicts are counted once per browser and leave no row.
 */
export const answerVotes = sqliteTable(
  'answer_votes',
  {
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    verdict: text('verdict').$type<'helpful' | 'not_helpful'>().notNull(),
    avoided: integer('avoided', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: ts('updated_at'),
  },
  t => [uniqueIndex('answer_votes_uq').on(t.answerId, t.userId)],
)

/**
 * Categories and places a resident follows (Luohu's personal page): a category
 * (`key` is a category or subcategory name, as in the answers filter) or a place (`community:<unit id>` or `place:<name>`). New published answers,
 * approved topics and decisions there become notifications. Following one
 * topic is `topic_follows`.
 */
export const follows = sqliteTable(
  'follows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'category' | 'place'>().notNull(),
    key: text('key').notNull(),
    createdAt: createdAt(),
  },
  t => [uniqueIndex('follows_user_target_uq').on(t.userId, t.kind, t.key), index('follows_target_idx').on(t.kind, t.key)],
)
