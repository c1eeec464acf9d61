-- Full-text search for Chinese: the app stores jieba-segmented text (tokens
-- joined by spaces) so FTS5's unicode61 tokenizer sees one word per token.
-- Standalone table keyed by complaint id (rowid); the app keeps it in sync.
CREATE VIRTUAL TABLE `complaints_fts` USING fts5(`segmented`, tokenize = 'unicode61 remove_diacritics 0');
