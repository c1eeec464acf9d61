// What the public reads of the words typed in a meeting (statements, proposals,
// votes, the minutes): personal data goes as it goes from a complaint before it
// is published (nlp/scrub), each piece replaced whole by its placeholder
// (【电话】), never partly shown. Pure.
import { PLACEHOLDER, scrubPersonalData } from '../nlp/scrub'

// Runs of digits the patterns leave (an 18-digit number whose date is not one, a landline without its dash) go whole too.
const LONG_NUMBER = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g
const LANDLINE = /(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])/g

/** The text with personal data replaced by placeholders, for the public. */
export function publicMeetingText(text: string | null | undefined): string {
  if (!text) return ''
  return scrubPersonalData(text).text.replace(LONG_NUMBER, PLACEHOLDER.idNumber).replace(LANDLINE, PLACEHOLDER.phone)
}
