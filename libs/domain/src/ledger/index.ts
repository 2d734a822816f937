export { HASH_SIZE, emptyRoot, isHash, isIndex, leafHash, nodeHash, rootFromLeafHashes } from './merkle';
export {
  InMemorySubtreeHashSource,
  consistencyProof,
  consistencyProofRanges,
  inclusionProof,
  inclusionProofRanges,
} from './proof';
export type { SubtreeHashSource, SubtreeRange } from './proof';
export { verifyConsistency, verifyInclusion } from './verify';
export type { Result } from './result';
export { decodeBase64, decodeHex, decodeUtf8, encodeBase64, encodeHex } from './encoding';
export {
  ED25519_KEY_SIZE,
  ED25519_SIGNATURE_SIZE,
  ed25519Sign,
  ed25519Verify,
  rawPublicKey,
  rawSeed,
  toPrivateKey,
  toPublicKey,
} from './ed25519';
export type { Ed25519PrivateKeyInput, Ed25519PublicKeyInput } from './ed25519';
export {
  ALG_ED25519,
  generateNoteKeys,
  isValidKeyName,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
  signerKey,
  verifierKey,
} from './note-keys';
export type { GeneratedNoteKeys, KeyFailure, NoteSigner, ParsedSigner, VerifierKey } from './note-keys';
export { MAX_NOTE_SIGNATURES, signNote, verifyNote } from './note';
export type { NoteFailure } from './note';
export { formatCheckpoint, parseCheckpoint, signCheckpoint, verifyCheckpoint } from './checkpoint';
export type { Checkpoint, CheckpointFailure, CheckpointInput } from './checkpoint';
