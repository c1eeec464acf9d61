// intake queries (verb-first functions, db first).
export {}
