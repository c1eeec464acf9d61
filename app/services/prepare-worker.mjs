// Worker thread of the topic engine's rebuild: prepares batches of stored (already
// classified) complaints while the main thread joins earlier ones in order.
// Plain JavaScript that registers tsx, so it runs beside the source and the build alike.
import { parentPort, workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const { prepareComplaint } = await import('../../nlp/prepare.ts')

parentPort.on('message', ({ seq, inputs }) => {
  try {
    const prepared = inputs.map(input => prepareComplaint(input, { gazetteer: workerData.gazetteer, learnNames: workerData.learnNames }))
    parentPort.postMessage({ seq, prepared })
  } catch (error) {
    parentPort.postMessage({ seq, error: String(error) })
  }
})
