/**
 * Teahouse panel selection: topic → fair, explainable panel.
 * Pure library: no database, no web framework. See select.ts / lottery.ts.
 */
export { selectPanel, nextAlternate, checkPanel, panelComposition, ALGORITHM, type CompositionLine } from './select'
export { checkFeasibility } from './feasibility'
export { explainMember, reasonsFor, scoreMember, roleLabel, type MemberReason, type Relevance } from './relevance'
export { rotationFactor } from './model'
export { seededRandom } from './rng'
export {
  parseRequest,
  ValidationError,
  InfeasibleError,
  type PanelRequest,
  type PanelRequestInput,
  type PanelResult,
  type PanelSeat,
  type PanelDiagnostics,
  type PoolMember,
  type Topic,
  type MemberId,
  type FeasibilityResult,
} from './types'
