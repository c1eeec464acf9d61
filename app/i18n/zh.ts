import * as core from './catalogs/core'
import * as intake from './catalogs/intake'
import * as topics from './catalogs/topics'
import * as panel from './catalogs/panel'
import * as meetings from './catalogs/meetings'
import * as outcomes from './catalogs/outcomes'
import * as security from './catalogs/security'
import * as answers from './catalogs/answers'
import * as correction from './catalogs/correction'

/** Simplified Chinese: the source catalog, merged from one file per area. */
export const zh = { ...core.zh, ...intake.zh, ...topics.zh, ...panel.zh, ...meetings.zh, ...outcomes.zh, ...security.zh, ...answers.zh, ...correction.zh }
export type MessageKey = keyof typeof zh

export const catalogs = [core, intake, topics, panel, meetings, outcomes, security, answers, correction]
