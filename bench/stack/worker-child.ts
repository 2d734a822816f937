import { startWorker } from '../../apps/worker/src/main';
import { runUntilStopped } from './child-main';

runUntilStopped(() => startWorker(process.env));
