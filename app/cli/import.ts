// npm run --silent import -- <file> [--channel <channel>] [--community <code>] [--json]
//   [--map subject=标题,body=内容] [--encoding utf8|gb18030] [--rejects <path>] [--lang zh|en]
// Imports complaints into the database at DATABASE_PATH. Exit status 0 only when
// no row was rejected (1: some rows rejected, 2: the file or arguments are unusable).
// With --json the last line is {"imported":N,"duplicates":N,"rejected":N,"rejectsFile":"…"}.
import { parseArgs } from 'node:util'
import { translate, type Locale } from '#app/i18n/index'
import { IMPORT_FIELDS, ImportFileError, parseMapping, runImport, type Encoding } from '#app/services/import.server'
import { openDb } from '#db/client'
import { CHANNELS, type Channel } from '#db/enums'
import { SYSTEM } from '#db/queries/audit'
import { holdsDemoData } from '#db/queries/auth'
import { ensureBaseline } from '#db/seed'

const USAGE =
  'usage: npm run --silent import -- <file> [--channel <channel>] [--community <code>] [--json] [--map field=column,…] [--encoding utf8|gb18030] [--rejects <path>] [--lang zh|en]'

const HELP = [
  USAGE,
  '',
  '把诉求文件导入 DATABASE_PATH 指定的数据库（默认 ./data/teahouse.db），逐条分类、聚类。',
  'Imports complaints from a file into the database at DATABASE_PATH (default ./data/teahouse.db); each is classified and clustered.',
  '文件 / file: CSV (UTF-8, GBK/GB18030), XLSX (first sheet), JSONL',
  '',
  `  --channel <channel>    ${CHANNELS.join(' | ')}（默认 / default import）`,
  '  --community <code>     没有社区列时归入的社区，如 gs-czq / the community for rows that name none, e.g. gs-czq',
  '  --json                 最后一行输出 JSON 汇总 / the last line is {"imported","duplicates","rejected","rejectsFile"}',
  '  --map field=column,…   表头认不出时指定列 / name the column of a field when its header is not recognised:',
  `                         ${IMPORT_FIELDS.join(', ')}`,
  '  --encoding <enc>       utf8 | gb18030（默认自动识别 / detected by default）',
  '  --rejects <path>       被拒行写到这里 / where rejected rows are written',
  '  --lang zh|en           输出语言 / language of the messages',
  '',
  '退出码 / exit status: 0 全部导入 / every row taken; 1 有行被拒 / some rows rejected; 2 文件或参数不可用 / the file or arguments are unusable.',
].join('\n')

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        channel: { type: 'string' },
        community: { type: 'string' },
        json: { type: 'boolean', default: false },
        map: { type: 'string' },
        encoding: { type: 'string' },
        rejects: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`)
    return 2
  }
  const { values, positionals } = args
  if (values.help) {
    console.log(HELP)
    return 0
  }
  if (positionals.length !== 1) {
    console.error(`${USAGE}\n(--help)`)
    return 2
  }
  const locale: Locale = values.lang === 'en' || values.lang === 'zh' ? values.lang : /^en/i.test(process.env.LANG ?? '') ? 'en' : 'zh'
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params)
  if (values.channel && !(CHANNELS as readonly string[]).includes(values.channel)) {
    console.error(t('import.error.channel', { channel: values.channel, channels: CHANNELS.join(', ') }))
    return 2
  }
  if (values.encoding && !['utf8', 'gb18030', 'gbk', 'utf-8'].includes(values.encoding.toLowerCase())) {
    console.error(USAGE)
    return 2
  }
  const encoding: Encoding | undefined = values.encoding ? (/^utf-?8$/i.test(values.encoding) ? 'utf8' : 'gb18030') : undefined

  const db = openDb(process.env.DATABASE_PATH ?? './data/teahouse.db')
  // A bigger page cache: the random-keyed indexes (tracking code, content hash)
  // otherwise spill to disk on every batch of a large import.
  db.$client.pragma('cache_size = -131072')
  try {
    ensureBaseline(db)
    // Real letters mixed into the invented demo district compete with its live
    // suggestions: say so (on stderr, so the JSON summary stays the last line).
    if (holdsDemoData(db)) console.error(t('import.cli.demoData'))
    const started = Date.now()
    const summary = await runImport(db, {
      filePath: positionals[0]!,
      channel: (values.channel as Channel | undefined) ?? 'import',
      communityCode: values.community,
      mapping: parseMapping(values.map),
      encoding,
      actor: SYSTEM,
      locale,
      rejectsPath: values.rejects,
      // Large batches: each commit rewrites the index pages the batch touched,
      // and random keys (tracking code, content hash) touch most of them.
      batchSize: 10_000,
      onProgress: values.json || !process.stderr.isTTY ? undefined : p => process.stderr.write(`\r${p.done}/${p.total}`),
    })
    if (!values.json && process.stderr.isTTY) process.stderr.write('\n')
    if (!values.json) {
      for (const r of summary.rejects.slice(0, 50)) console.log(t('import.cli.rejectLine', { line: r.line, reason: r.reason }))
      if (summary.rejected > 50) console.log(t('import.cli.more', { count: summary.rejected - 50 }))
      if (summary.ignoredColumns.length) console.log(t('import.ignored', { columns: summary.ignoredColumns.join(', ') }))
      console.log(
        t('import.cli.summary', {
          imported: summary.imported,
          duplicates: summary.duplicates,
          rejected: summary.rejected,
          seconds: ((Date.now() - started) / 1000).toFixed(1),
        }),
      )
      if (summary.rejected) console.log(t('import.cli.rejectsFile', { file: summary.rejectsFile }))
    } else {
      console.log(JSON.stringify({ imported: summary.imported, duplicates: summary.duplicates, rejected: summary.rejected, rejectsFile: summary.rejectsFile }))
    }
    return summary.rejected === 0 ? 0 : 1
  } catch (error) {
    if (error instanceof ImportFileError) {
      console.error(t(error.key, error.params))
      return 2
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(t('import.error.notFound', { file: positionals[0]! }))
      return 2
    }
    throw error
  } finally {
    db.$client.close()
  }
}

process.exitCode = await main()
