import { get } from '../api/http.client';
import type { AuditReport, LedgerEntriesPage } from '../api/api.types';

const PAGE = 500;

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

const hex = (buffer: ArrayBuffer) =>
  Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

/** Base64 as lowercase hex, e.g. a checkpoint's root hash. */
export const hexOfBase64 = (base64: string) => hex(bytesOf(base64).buffer);

/** RFC 6962 leaf hash, SHA-256(0x00 || entry), of the stored bytes. */
async function leafHash(envelope: string): Promise<string> {
  const entry = bytesOf(envelope);
  const input = new Uint8Array(entry.length + 1);
  input.set(entry, 1);
  return hex(await crypto.subtle.digest('SHA-256', input));
}

export interface AuditProgress {
  phase: 'reading' | 'server' | 'done';
  checked: number;
  size: number;
  mismatches: number[];
  report?: AuditReport;
}

/**
 * Reads every entry page by page and recomputes its leaf hash here, in the browser, so the progress
 * bar moves with real work; then asks the server to recompute the whole tree and its checkpoints.
 * Without WebCrypto (plain http off localhost) the entries are read and counted but not hashed here.
 */
export async function runAudit(onProgress: (p: AuditProgress) => void): Promise<AuditProgress> {
  const state: AuditProgress = { phase: 'reading', checked: 0, size: 0, mismatches: [] };
  const canHash = typeof crypto !== 'undefined' && crypto.subtle !== undefined;
  let from: number | null = 0;
  while (from !== null) {
    const page: LedgerEntriesPage = await get<LedgerEntriesPage>(
      `/v1/ledger/entries?from=${from}&limit=${PAGE}`,
    );
    state.size = page.size;
    for (const entry of page.entries) {
      // Only admins run the audit, and they are never served a withheld envelope.
      if (canHash && entry.envelope !== null && (await leafHash(entry.envelope)) !== entry.leafHash) {
        state.mismatches.push(entry.index);
      }
      state.checked++;
    }
    onProgress({ ...state });
    from = page.next;
  }
  state.phase = 'server';
  onProgress({ ...state });
  state.report = await get<AuditReport>('/v1/ledger/audit');
  state.phase = 'done';
  onProgress({ ...state });
  return state;
}

/** The event kind inside a DSSE envelope's in-toto statement, for display only (not verified here). */
export function kindOfEnvelope(envelope: string): string {
  try {
    const dsse = JSON.parse(new TextDecoder().decode(bytesOf(envelope))) as { payload: string };
    const statement = JSON.parse(new TextDecoder().decode(bytesOf(dsse.payload))) as {
      predicate?: { kind?: string };
    };
    return statement.predicate?.kind ?? 'entry';
  } catch {
    return 'entry';
  }
}
