// Scrubbing personal data out of free text before it is shown in public
// (Open311, tracking pages, "similar reports"): complainants often write their
// name, phone, ID number, flat or number plate into the text itself.

export type ScrubOptions = {
  /** Names known to belong to the text's author or others it mentions (e.g. the complainant's name on file). */
  names?: readonly (string | null | undefined)[]
}

const HAN = '\\u4e00-\\u9fff'

/** 司马青 → 司**, Wang Lei → W*** ***: the first character stays so the text still reads. */
function maskName(name: string) {
  const chars = [...name]
  return chars[0] + chars.slice(1).map(c => (/\s/.test(c) ? c : '*')).join('')
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const RULES: [RegExp, (m: string, ...groups: string[]) => string][] = [
  // Mainland ID numbers (18 or 15 digits): keep the region and the check digits.
  [/(?<![0-9])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])/g, (_m, a, b) => `${a}********${b}`],
  [/(?<![0-9])(\d{6})\d{6}(\d{3})(?![0-9])/g, (_m, a, b) => `${a}******${b}`],
  // Mobile numbers, also written 138-1234-5678 or 138 1234 5678, with or without +86.
  [/(?<![0-9])(?:\+?86[ -]?)?(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?![0-9])/g, (_m, a, b) => `${a}****${b}`],
  // Landlines: 0571-88001234, 057188001234.
  [/(?<![0-9])(0\d{2,3}-?)\d{3,4}(\d{4})(?![0-9])/g, (_m, a, b) => `${a}****${b}`],
  // E-mail addresses.
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, () => '***@***'],
  // Number plates: 浙A12345, 浙A·D12345 (new-energy plates have six characters).
  [/([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])([A-Z])[·• ]?[A-Z0-9]{5,6}(?![A-Za-z0-9])/g, (_m, p, l) => `${p}${l}*****`],
  // Flats: keep the building, hide the unit and room ("5幢2单元301室" → "5幢*单元***室", "5幢502" → "5幢***").
  [/(\d+\s*(?:幢|栋|号楼|座))\s*(?:\d+\s*单元\s*)?\d{2,4}(?:\s*(室|号))?/g, (_m, building, suffix) => `${building}***${suffix ?? ''}`],
  [/(?<![0-9])\d{3,4}\s*室/g, () => '***室'],
  // Self-introductions and form-like labels followed by a name: "我叫王小明", "联系人：李梅".
  [new RegExp(`(我叫|我姓名是|本人姓名|姓名[:：]?|联系人[:：]?|反映人[:：]?|来电人[:：]?|来信人[:：]?|投诉人[:：]?)\\s*([${HAN}]{2,4}?)(?=[，,。.；;：:、\\s\\d]|电话|手机|住|家住|$)`, 'g'), (_m, label, name) => `${label}${maskName(name)}`],
]

/**
 * The text with personal data masked: phone numbers, ID numbers, e-mail
 * addresses, number plates, flat numbers, self-introduced names and the
 * names given in `options.names`.
 */
export function scrubPersonalData(text: string, options: ScrubOptions = {}): string {
  let out = text
  const names = [...new Set((options.names ?? []).map(n => n?.trim() ?? '').filter(n => [...n].length >= 2))].sort((a, b) => b.length - a.length)
  for (const n of names) out = out.replace(new RegExp(escapeRegExp(n), 'g'), maskName(n))
  for (const [re, fn] of RULES) out = out.replace(re, fn as (m: string) => string)
  return out
}
