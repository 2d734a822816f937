import { LEDGER_APPEND_LOCK } from '../../../migrations/1764070000000-verifiable-ledger';
import { AdvisoryLock } from './advisory-locks';

describe('advisory lock keys', () => {
  it('are distinct, so no two features ever contend for one lock', () => {
    const keys = Object.values(AdvisoryLock).filter((value) => typeof value === 'number');
    expect(keys.length).toBeGreaterThan(1);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('name the key the ledger append function in the database really takes', () => {
    expect(AdvisoryLock.LedgerAppend).toBe(LEDGER_APPEND_LOCK);
  });
});
