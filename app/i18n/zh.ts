import * as answers from './catalogs/answers'
import * as core from './catalogs/core'
import * as correction from './catalogs/correction'
import * as intake from './catalogs/intake'
import * as meetings from './catalogs/meetings'
import * as outcomes from './catalogs/outcomes'
import * as panel from './catalogs/panel'
import * as security from './catalogs/security'
import * as topics from './catalogs/topics'

/** Simplified Chinese: the source catalog, merged from one file per area. */
export const zh = { ...core.zh, ...intake.zh, ...topics.zh, ...panel.zh, ...meetings.zh, ...outcomes.zh, ...security.zh, ...answers.zh, ...correction.zh }
export type MessageKey = keyof typeof zh

export const catalogs = [core, intake, topics, panel, meetings, outcomes, security, answers, correction]
