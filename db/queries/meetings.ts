// meetings queries (verb-first functions, db first).
export {}
