import type { Db } from '#db/client'
import type { Notifier } from '#realtime/index'

/** Hook after complaints are classified: refreshes suggested topics (see issue 5 work). */
export function afterClassified(_db: Db, _notify: Notifier, _complaintIds: number[]) {}
