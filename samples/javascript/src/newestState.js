// region newest
/**
 * The newest state of each entity. A change's lsn is a decimal string of up to 20 digits: compare it as an integer
 * (BigInt), never as text ("9" > "10") and never as a Number (which loses digits above 2^53). A backfilled copy or a
 * replayed parked change can arrive after a newer state of its entity; it must not overwrite it.
 */
export class NewestState {
  #entities = new Map();

  /** Keeps the state unless a newer one is already kept; true when it was kept. */
  keepNewest(entity, lsn, state) {
    const current = this.#entities.get(entity);
    if (current?.lsn !== undefined && current.lsn >= lsn) return false;
    this.#entities.set(entity, { lsn, state });
    return true;
  }

  /** For events without an lsn (outbox events): their session's order is their order. */
  put(entity, state) {
    this.#entities.set(entity, { lsn: undefined, state });
  }

  entries() {
    return this.#entities.entries();
  }
}
// endregion newest
