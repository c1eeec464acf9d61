import { type MessageKey, catalogs } from './zh'

/** English catalog, merged; each area file is typed to define every Chinese key. */
export const en = Object.assign({}, ...catalogs.map(c => c.en)) as Record<MessageKey, string>
