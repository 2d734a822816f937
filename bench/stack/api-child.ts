import { startApi } from '../../apps/api/src/main';
import { runUntilStopped } from './child-main';

runUntilStopped(() => startApi(process.env));
