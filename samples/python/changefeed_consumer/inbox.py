import threading


# region inbox
class MemoryInbox:
    """Remembers which changes were handled, so that each has its effect once. Replace it with your database: record
    the key in the same transaction as the effect (a unique row, a marker document in the same partition), and keep
    the keys longer than the topic's duplicate detection window."""

    def __init__(self):
        self._handled = set()
        self._lock = threading.Lock()  # sessions are read on several threads

    def handle_once(self, key, effect):
        """Runs effect() unless the change was handled before; True when it ran now."""
        with self._lock:
            if key in self._handled:
                return False
            effect()
            self._handled.add(key)
            return True
# endregion inbox
