// region inbox
/**
 * Remembers which changes were handled, so that each has its effect once. Replace it with your database: record the
 * key in the same transaction as the effect (a unique row, a marker document in the same partition), and keep the
 * keys longer than the topic's duplicate detection window.
 */
export class MemoryInbox {
  #handled = new Set();

  /** Runs effect() unless the change was handled before; true when it ran now. */
  async handleOnce(key, effect) {
    if (this.#handled.has(key)) return false;
    await effect();
    this.#handled.add(key);
    return true;
  }
}
// endregion inbox
