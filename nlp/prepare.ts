import type { Classification, Classifier } from './classify'
// The engine's own choices, used at call time (the engine imports this module in turn).
import { PLACE_SCAN_CHARS, primaryPlace } from './cluster'
import { minhash } from './dedupe'
import { candidatesOf, type Candidate } from './names'
import { normalize } from './normalize'
import { extractOrgs, extractPlaces, type GazetteerEntry, type Org, type Place } from './places'
import { textFeatures } from './similarity'

/**
 * Version of what prepareComplaint computes (and of the code it calls: normalisation,
 * places, companies, features, signature, name candidates). Bump it with any change
 * that alters a preparation: data stored under an older version is then prepared again.
 */
export const PREPARE_VERSION = 2

/**
 * Everything about one complaint that does not depend on what the engine saw before it:
 * computed once per complaint (and so can be computed ahead, in any order or elsewhere),
 * then joined to the clusters in arrival order.
 */
export interface PreparedComplaint {
  /** Normalised subject and text, letter case kept (for display and place names). */
  ds: string
  dt: string
  /** The same, lower-cased (for matching and features). */
  ns: string
  nt: string
  classification: Classification
  subjectPlaces: Place[]
  bodyPlaces: Place[]
  /** The place it is about (see primaryPlace). */
  place?: Place
  /** The subject's first company; only looked for when the subject names no place. */
  subjectOrg?: Org
  /** The opening's first company; only looked for when neither subject nor opening names a place. */
  bodyOrg?: Org
  features: Uint32Array
  /** MinHash signature of the text, for near-duplicate detection. */
  signature: Uint32Array
  /** Runs of the subject that could be names (segmented once; the lexicon learns from them). */
  nameCandidates?: Candidate[]
}

export interface PrepareOptions {
  /** Classifies complaints that come without a classification (required for those). */
  classifier?: Classifier
  gazetteer?: GazetteerEntry[]
  /** Segment the subject for name learning (skipped when the engine learns no names). */
  learnNames?: boolean
}

function classifierOf(opts: PrepareOptions): Classifier {
  if (!opts.classifier) throw new Error('a complaint without a classification needs a classifier to be prepared')
  return opts.classifier
}

/** Computes the order-independent part of adding `input` to a topic engine. */
export function prepareComplaint(input: { subject?: string; text: string; classification?: Classification }, opts: PrepareOptions): PreparedComplaint {
  const ds = normalize(input.subject ?? '', { keepCase: true })
  const dt = normalize(input.text ?? '', { keepCase: true })
  const ns = ds.toLowerCase()
  const nt = dt.toLowerCase()
  const classification = input.classification ?? classifierOf(opts).classify({ subject: ns, text: nt, normalized: true })
  const subjectPlaces = extractPlaces(ds, { gazetteer: opts.gazetteer, normalized: true })
  const bodyPlaces = extractPlaces(dt.slice(0, PLACE_SCAN_CHARS), { gazetteer: opts.gazetteer, normalized: true })
  const place = primaryPlace(subjectPlaces, bodyPlaces)
  const named = (p?: Place) => !!p && !p.generic
  const subjectOrg = named(primaryPlace(subjectPlaces, [])) ? undefined : extractOrgs(ds, { normalized: true })[0]
  const bodyOrg = named(place) ? undefined : extractOrgs(dt, { normalized: true, limit: PLACE_SCAN_CHARS })[0]
  return {
    ds,
    dt,
    ns,
    nt,
    classification,
    subjectPlaces,
    bodyPlaces,
    place,
    subjectOrg,
    bodyOrg,
    features: textFeatures(ns, nt),
    signature: minhash(`${ns} ${nt.slice(0, 800)}`, true),
    nameCandidates: opts.learnNames === false ? undefined : candidatesOf(ds),
  }
}
