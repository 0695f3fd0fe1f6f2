/**
 * Entry point of an index worker thread (bundled as dist/indexWorker.js): reads and parses the
 * files it is sent, one tree at a time, with its own parser, and posts back only their facts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPythonParser } from '../python/parser';
import { summarizeFiles, type SummarizeResult } from './summary';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './workerPool';

const port = parentPort;
if (port) {
  const { sourceRoots, prefilter, registryOnly } = workerData as WorkerInit;
  const options = { sourceRoots, blockingReads: true, ...(prefilter ? { prefilter } : {}), ...(registryOnly ? { registryOnly } : {}) };
  const parser = createPythonParser();
  // One request after the other: never two trees at once.
  let done: Promise<void> = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    done = done.then(async () => {
      const p = await parser;
      const results: SummarizeResult[] = [];
      await summarizeFiles(p, request.jobs, options, (result) => results.push(result));
      port.postMessage({ id: request.id, results } satisfies WorkerResponse);
    });
  });
}
