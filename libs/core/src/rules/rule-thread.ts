/*
 * The entry point of a rule thread (node:worker_threads). It imports the rule engine by relative path,
 * not through the @app/domain alias, so that it loads the same way from dist and from source, and
 * only the engine, not the whole domain library.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runRules } from '../../../domain/src/rules/engine';
import {
  RULE_THREAD_HOLD_MARKER,
  type RuleThreadData,
  type RuleThreadMessage,
  type RuleThreadRequest,
} from './rule-thread.protocol';

const port = parentPort;
if (!port) throw new Error('rule-thread runs only as a worker thread');

const reply = (message: RuleThreadMessage) => port.postMessage(message);
const testHooks = (workerData as RuleThreadData | undefined)?.testHooks === true;
const holdMarker = new TextEncoder().encode(RULE_THREAD_HOLD_MARKER);

function isHoldRequest(content: Uint8Array): boolean {
  return testHooks && holdMarker.every((byte, i) => content[i] === byte);
}

/** Nothing ever notifies this cell, so the wait ends only when the pool terminates the thread. */
function holdForever(): never {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0);
}

port.on('message', (request: RuleThreadRequest) => {
  if (isHoldRequest(request.content)) holdForever();
  try {
    const findings = runRules({
      content: request.content,
      mediaType: request.mediaType,
      ruleSet: request.ruleSet,
    });
    reply({ type: 'result', id: request.id, findings });
  } catch (error) {
    // runRules turns a failing rule into a finding; this is anything else, such as a malformed rule set.
    reply({ type: 'failure', id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});

reply({ type: 'ready' });
