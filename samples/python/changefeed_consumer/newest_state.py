import threading


# region newest
class NewestState:
    """The newest state of each entity. A change's lsn is a decimal string of up to 20 digits: compare it as an int,
    never as text ("9" > "10"). A backfilled copy or a replayed parked change can arrive after a newer state of its
    entity; it must not overwrite it."""

    def __init__(self):
        self._entities = {}
        self._lock = threading.Lock()

    def keep_newest(self, entity, lsn, state):
        """Keeps the state unless a newer one is already kept; True when it was kept."""
        with self._lock:
            current = self._entities.get(entity)
            if current is not None and current[0] is not None and current[0] >= lsn:
                return False
            self._entities[entity] = (lsn, state)
            return True

    def put(self, entity, state):
        """For events without an lsn (outbox events): their session's order is their order."""
        with self._lock:
            self._entities[entity] = (None, state)

    def items(self):
        with self._lock:
            return list(self._entities.items())
# endregion newest
