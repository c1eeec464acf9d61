// Category corrections and topic links on the complaint page: Simplified Chinese first; en must define every zh key.
export const zh = {
  'correction.title': '分类与议题',
  'correction.category': '分类',
  'correction.field': '更正分类',
  'correction.hint': '更正会记入状态记录和操作日志，并作为样例让自动分类学习；诉求会随之归入相应的建议议题。',
  'correction.submit': '保存分类',
  'correction.saved': '分类已更正，诉求已按新分类重新归入议题。',
  'correction.error.unchanged': '分类没有变化。',
  'correction.error.unknown': '没有找到这个分类，请刷新后重试。',
  'correction.topics': '所属议题',
  'correction.noTopics': '暂未归入任何议题。',
  'audit.action.complaint.category': '更正诉求分类',
}

export const en: Record<keyof typeof zh, string> = {
  'correction.title': 'Category and topics',
  'correction.category': 'Category',
  'correction.field': 'Correct the category',
  'correction.hint':
    'A correction is recorded in the status history and the audit log, and becomes an example the automatic classifier learns from; the complaint moves to the matching suggested topic.',
  'correction.submit': 'Save category',
  'correction.saved': 'Category corrected; the complaint was regrouped under its new category.',
  'correction.error.unchanged': 'The category is unchanged.',
  'correction.error.unknown': 'That category was not found; reload and try again.',
  'correction.topics': 'Topics',
  'correction.noTopics': 'Not part of any topic yet.',
  'audit.action.complaint.category': 'corrected a complaint’s category',
}
