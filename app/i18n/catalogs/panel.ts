// panel catalog: Simplified Chinese first; en must define every zh key.
export const zh = {
} as const

export const en: Record<keyof typeof zh, string> = {
}
